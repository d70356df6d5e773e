using PostOffice.Load.Report;

namespace PostOffice.Load.CommandLine;

public sealed record ReportRequest(OutputSettings Output, ReportSettings Settings) : LoadRequest(Output);

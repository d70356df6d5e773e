using PostOffice.Load.Aws;

namespace PostOffice.Load.CommandLine;

public sealed record AwsLoadRequest(OutputSettings Output, AwsLoadSettings Settings) : LoadRequest(Output);

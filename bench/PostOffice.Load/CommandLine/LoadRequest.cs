namespace PostOffice.Load.CommandLine;

/// <summary>A parsed and validated command line: one of the verbs and its settings.</summary>
public abstract record LoadRequest(OutputSettings Output);

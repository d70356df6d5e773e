namespace PostOffice.Load.CommandLine;

/// <summary>The options every load verb shares: a label for the target, the stdout format, a JSON lines file to append to.</summary>
public sealed record OutputSettings(string Label, OutputFormat Format, string? JsonFile);

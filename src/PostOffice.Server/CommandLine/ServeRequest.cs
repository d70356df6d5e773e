using PostOffice.Server.Configuration;

namespace PostOffice.Server.CommandLine;

/// <summary>What <c>postoffice serve</c> was asked to do: which YAML file to read and which settings the options override.</summary>
internal sealed record ServeRequest(string? ConfigPath, IReadOnlyList<CommandLineValue> Values);

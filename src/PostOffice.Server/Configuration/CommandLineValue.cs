namespace PostOffice.Server.Configuration;

/// <summary>A setting given as a command-line option, e.g. <c>--http-port 5000</c> for <c>http.port</c>.</summary>
internal readonly record struct CommandLineValue(string Option, string Key, string Value);

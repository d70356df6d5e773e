using System.CommandLine;
using PostOffice.Server.Configuration;

namespace PostOffice.Server.CommandLine;

/// <summary>
/// The options of <c>postoffice serve</c>. They carry no default values on purpose: an option left out must not
/// override the YAML file or the environment, so defaults live in <see cref="PostOfficeOptions"/> and are only
/// mentioned in the help text. Values stay strings here and are parsed by the same table as every other source.
/// </summary>
internal sealed class ServeCommandLine
{
    private readonly (Option<string> Option, string Key)[] _settings;

    public ServeCommandLine()
    {
        _settings =
        [
            (NewOption("--data-dir", "path", "Directory for the store's files (default ./data)"), "dataDir"),
            (NewOption("--bind", "address", "Address the HTTP listener binds (default 127.0.0.1)"), "http.bind"),
            (NewOption("--http-port", "int", "Port of the HTTP listener (default 4566)"), "http.port"),
            (NewOption("--mqtt-port", "int", "Port of the MQTT listener (default 1883)"), "mqtt.port"),
            (NewOption("--mqtt-tls-port", "int", "Port of the MQTT over TLS listener (default 8883)"), "mqtt.tlsPort"),
            (NewOption(
                "--log-level", "level", "trace, debug, information, warning, error, critical or none (default information)"),
                "logging.level"),
        ];
    }

    public Option<string> Config { get; } =
        NewOption("--config", "path", "YAML settings file; without it only defaults, POSTOFFICE_* variables and options apply");

    /// <summary>Adds the options to <paramref name="command"/>. The same instances go on the root and on <c>serve</c>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        foreach (var (option, _) in _settings)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The config file path and the settings given on the command line, in the order of the table.</summary>
    public ServeRequest Read(ParseResult parseResult)
    {
        var values = new List<CommandLineValue>();
        foreach (var (option, key) in _settings)
        {
            if (parseResult.GetResult(option) is { Implicit: false } && parseResult.GetValue(option) is { } value)
            {
                values.Add(new CommandLineValue(option.Name, key, value));
            }
        }

        return new ServeRequest(parseResult.GetValue(Config), values);
    }

    private static Option<string> NewOption(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };
}

using System.CommandLine;
using System.Globalization;

namespace PostOffice.Load.CommandLine;

/// <summary>
/// The verbs and their options. Parsing produces a validated <see cref="LoadRequest"/> or a list of errors, each
/// naming the option at fault; nothing runs until every error is fixed. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
public sealed partial class LoadCommandLine
{
    private readonly Option<string> _label = new("--label") { Description = "Name of the target in the results (e.g. postoffice, mosquitto)", DefaultValueFactory = _ => "target" };
    private readonly Option<string> _format = new("--format") { Description = "stdout: a table, or one JSON line per run", DefaultValueFactory = _ => "table" };
    private readonly Option<string?> _jsonFile = new("--json-file") { Description = "Append the run's JSON line to this file" };
    private readonly Dictionary<Command, Func<ParseResult, Validation, OutputSettings, LoadRequest?>> _readers = [];

    public LoadCommandLine()
    {
        _format.AcceptOnlyFromAmong("table", "json");
        Root = new RootCommand("postoffice-load: load generator for PostOffice and its peers (MQTT brokers, SQS/SNS/Kinesis endpoints). Loopback targets only.");
        Root.Subcommands.Add(CreateMqttIdleCommand());
        Root.Subcommands.Add(CreateMqttPubSubCommand());
        Root.Subcommands.Add(CreateAwsCommand("sqs", "SQS over the JSON protocol: SendMessage, SendMessageBatch, ReceiveMessage+DeleteMessageBatch", ["send", "send-batch", "receive-delete"], "send"));
        Root.Subcommands.Add(CreateAwsCommand("sns", "SNS over the query protocol: Publish, optionally to subscribed SQS queues whose deliveries are counted; http-push: Publish to a local HTTP endpoint", ["publish", "http-push"], "publish"));
        Root.Subcommands.Add(CreateAwsCommand("kinesis", "Kinesis over the JSON protocol: PutRecord, PutRecords, GetRecords", ["put-record", "put-records", "get-records"], "put-record"));
        Root.Subcommands.Add(CreateReportCommand());
    }

    public RootCommand Root { get; }

    /// <summary>Parses and validates; exactly one of the request and a non-empty error list comes back.</summary>
    public (LoadRequest? Request, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var parseResult = Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            return (null, [.. parseResult.Errors.Select(error => error.Message)]);
        }

        return Read(parseResult);
    }

    /// <summary>Runs the command line: help and usage errors are handled here, a valid request goes to <paramref name="execute"/>.</summary>
    public async Task<int> InvokeAsync(string[] args, Func<LoadRequest, CancellationToken, Task<int>> execute, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(error);
        var parseResult = Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"postoffice-load: {parseError.Message}");
            }

            await error.WriteLineAsync("Try 'postoffice-load --help'.");
            return ExitCodes.Usage;
        }

        if (parseResult.Action is not null || !_readers.ContainsKey(parseResult.CommandResult.Command))
        {
            // The root alone, or --help (of any verb) or --version: System.CommandLine prints them; nothing runs.
            return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        }

        var (request, errors) = Read(parseResult);
        if (request is null)
        {
            foreach (var message in errors)
            {
                await error.WriteLineAsync($"postoffice-load: {message}");
            }

            return ExitCodes.Usage;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await execute(request, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private (LoadRequest? Request, IReadOnlyList<string> Errors) Read(ParseResult parseResult)
    {
        if (!_readers.TryGetValue(parseResult.CommandResult.Command, out var reader))
        {
            return (null, ["a command is required: mqtt-idle, mqtt-pubsub, sqs, sns, kinesis or report (see --help)"]);
        }

        var validation = new Validation();
        var output = new OutputSettings(
            parseResult.GetValue(_label) ?? "target",
            parseResult.GetValue(_format) == "json" ? OutputFormat.Json : OutputFormat.Table,
            parseResult.GetValue(_jsonFile));
        var request = reader(parseResult, validation, output);
        return validation.Errors.Count == 0 && request is not null ? (request, []) : (null, validation.Errors);
    }

    private void AddCommon(Command command)
    {
        command.Options.Add(_label);
        command.Options.Add(_format);
        command.Options.Add(_jsonFile);
    }

    private static Option<T> NewOption<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

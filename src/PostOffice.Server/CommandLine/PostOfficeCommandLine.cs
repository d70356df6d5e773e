using System.CommandLine;
using System.Reflection;

namespace PostOffice.Server.CommandLine;

/// <summary>
/// The verbs: <c>serve</c> (also what runs when no verb is given) and <c>version</c>. Usage errors print to stderr
/// and exit with <see cref="ExitCodes.ConfigurationError"/>, like configuration errors, without starting anything.
/// </summary>
internal static class PostOfficeCommandLine
{
    public static string VersionText { get; } =
        $"postoffice {typeof(PostOfficeCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion}"
        + $" (.NET {Environment.Version})";

    public static RootCommand Create(Func<ServeRequest, CancellationToken, Task<int>> serve)
    {
        var serveOptions = new ServeCommandLine();
        Task<int> ServeAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
            serve(serveOptions.Read(parseResult), cancellationToken);

        var root = new RootCommand("PostOffice, a self-hosted messaging server. Without a command, runs 'serve'.");
        serveOptions.AddTo(root);
        root.SetAction(ServeAsync);

        var serveCommand = new Command("serve", "Run the server until SIGTERM or Ctrl-C, then drain requests and flush the store.");
        serveOptions.AddTo(serveCommand);
        serveCommand.SetAction(ServeAsync);
        root.Subcommands.Add(serveCommand);

        var versionCommand = new Command("version", "Print the version and exit.");
        versionCommand.SetAction(parseResult => parseResult.InvocationConfiguration.Output.WriteLine(VersionText));
        root.Subcommands.Add(versionCommand);
        return root;
    }

    public static async Task<int> InvokeAsync(
        string[] args, Func<ServeRequest, CancellationToken, Task<int>> serve, TextWriter output, TextWriter error)
    {
        var parseResult = Create(serve).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"postoffice: {parseError.Message}");
            }

            await error.WriteLineAsync("Try 'postoffice --help'.");
            return ExitCodes.ConfigurationError;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,

            // The host handles SIGTERM and Ctrl-C itself (drain, then flush). System.CommandLine's own handler
            // would otherwise end the process two seconds after the signal, in the middle of the drain.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(configuration);
    }
}

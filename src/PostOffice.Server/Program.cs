using System.Collections;
using PostOffice.Server.CommandLine;

namespace PostOffice.Server;

internal static class Program
{
    public static Task<int> Main(string[] args) =>
        PostOfficeCommandLine.InvokeAsync(
            args,
            (request, cancellationToken) => ServeCommand.RunAsync(request, ReadEnvironment(), Console.Error, cancellationToken),
            Console.Out,
            Console.Error);

    private static IEnumerable<KeyValuePair<string, string>> ReadEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Select(entry => KeyValuePair.Create((string)entry.Key, (string?)entry.Value ?? string.Empty));
}

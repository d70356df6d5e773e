using PostOffice.Load.CommandLine;

namespace PostOffice.Load;

internal static class Program
{
    public static Task<int> Main(string[] args) =>
        new LoadCommandLine().InvokeAsync(args, (request, cancellationToken) => LoadExecutor.ExecuteAsync(request, Console.Out, Console.Error, Console.In, cancellationToken), Console.Out, Console.Error);
}

using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PostOffice.Server.Configuration;
using PostOffice.Server.Hosting;
using PostOffice.Storage;

namespace PostOffice.Server.CommandLine;

/// <summary>
/// <c>postoffice serve</c>: load and check the settings, start the host, run until told to stop. Every failure
/// before serving ends in one line on stderr and a distinct exit code (<see cref="ExitCodes"/>).
/// </summary>
internal static partial class ServeCommand
{
    public const string LoggerCategory = "PostOffice.Server";

    public static async Task<int> RunAsync(
        ServeRequest request,
        IEnumerable<KeyValuePair<string, string>> environment,
        TextWriter error,
        CancellationToken cancellationToken)
    {
        PostOfficeOptions options;
        try
        {
            options = PostOfficeOptionsLoader.Load(request.ConfigPath, environment, request.Values);
        }
        catch (ConfigurationException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ExitCodes.ConfigurationError;
        }

        // Before the host starts its threads, so that they inherit the policy.
        var batch = options.CpuScheduling == CpuSchedulingPolicy.Batch && OperatingSystem.IsLinux();
        var batchThreads = 0;
        var batchError = 0;
        var batched = batch && CpuScheduling.TryUseBatch(out batchThreads, out batchError);

        await using var app = ServerHost.Build(options);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        Log.Starting(logger, PostOfficeCommandLine.VersionText, request.ConfigPath ?? "(none)");
        if (batched)
        {
            Log.BatchScheduling(logger, batchThreads);
        }
        else if (batch)
        {
            Log.BatchSchedulingRefused(logger, batchError);
        }
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (StorageCorruptionException exception)
        {
            // Already logged at Critical by the storage service; stderr gets the line an operator acts on.
            await error.WriteLineAsync($"postoffice: the store is corrupt, not starting: {exception.Message}");
            return ExitCodes.StorageCorrupt;
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // SIGTERM while the store was still recovering: a requested stop, not a failure.
            Log.StartCancelled(logger);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or StorageFailedException)
        {
            // Message only: the host has just logged the exception with its stack ("Hosting failed to start").
            Log.StartFailed(logger, exception.Message);
            await error.WriteLineAsync($"postoffice: cannot start: {exception.Message}");
            return ExitCodes.StartFailed;
        }

        foreach (var address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            Log.Listening(logger, address);
        }

        using (var self = Process.GetCurrentProcess())
        {
            Log.Ready(logger, (DateTime.Now - self.StartTime).TotalMilliseconds);
        }

        // Returns once SIGTERM or Ctrl-C has stopped the host: Kestrel drained, then the store flushed and closed.
        await app.WaitForShutdownAsync(CancellationToken.None);
        Log.Stopped(logger);
        return ExitCodes.Success;
    }
}

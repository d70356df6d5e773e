using System.Diagnostics;
using PostOffice.Broker.Queues;
using PostOffice.Server.Configuration;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Server.Hosting;

/// <summary>
/// Owns the <see cref="StorageEngine"/> for the life of the host: opens (and so recovers) it before Kestrel
/// listens, and closes it after Kestrel has drained, so that no request can reach a closed store and every
/// commit a drained request waited for is durable before the process exits.
/// </summary>
/// <remarks>
/// The stop order relies on <see cref="Microsoft.AspNetCore.Builder.WebApplicationBuilder"/> registering
/// Kestrel's hosted service after every service added to <c>builder.Services</c>; hosts stop services in
/// reverse order, so this one stops last. A test pins that order.
/// </remarks>
internal sealed partial class StorageHostedService : IHostedLifecycleService, IAsyncDisposable
{
    private readonly PostOfficeOptions _options;
    private readonly ILogEngine[] _engines;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<StorageHostedService> _logger;
    private StorageEngine? _engine;
    private long _stoppingTimestamp;

    public StorageHostedService(PostOfficeOptions options, IEnumerable<ILogEngine> engines, ILoggerFactory loggerFactory)
    {
        _options = options;
        _engines = [.. engines];
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<StorageHostedService>();
    }

    /// <summary>The open store, or null before it opens and after it closes.</summary>
    public StorageEngine? Engine => Volatile.Read(ref _engine);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.GetFullPath(_options.DataDirectory);
        var storage = _options.Storage;
        Log.OpeningStore(
            _logger,
            dataDirectory,
            ConfigValueParser.FormatSize(storage.SegmentSize),
            ConfigValueParser.FormatDuration(storage.SnapshotInterval));
        var started = Stopwatch.GetTimestamp();
        var storageOptions = new StorageOptions
        {
            DataDirectory = dataDirectory,
            SegmentBytes = storage.SegmentSize,
            SnapshotInterval = storage.SnapshotInterval,
            LogWriterThreadStarted = _options.CpuScheduling == CpuSchedulingPolicy.Batch && OperatingSystem.IsLinux() ? KeepLogWriterNormal : null,
        };
        try
        {
            // OpenAsync creates the directory. The engines load their definitions from the catalog, then the log
            // replays into them; only then do they accept appends.
            var engine = await StorageEngine.OpenAsync(
                storageOptions,
                (catalog, ct) => CompositeRecoveryHandler.LoadAsync(_engines, catalog, ct),
                _loggerFactory,
                cancellationToken);
            foreach (var logEngine in _engines)
            {
                logEngine.Attach(engine.Log);
            }

            Volatile.Write(ref _engine, engine);
        }
        catch (StorageCorruptionException exception)
        {
            // Without the stack: the message names file and offset, which is all an operator can act on.
            Log.StoreCorrupt(_logger, exception.Message);
            throw;
        }

        Log.StoreOpened(_logger, dataDirectory, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// On the log's writer thread: it inherited <c>SCHED_BATCH</c> from the thread that opened the store, and goes back
    /// to the default policy (see <see cref="CpuScheduling"/>).
    /// </summary>
    private void KeepLogWriterNormal()
    {
        if (!CpuScheduling.TryUseNormalForCurrentThread(out var errno))
        {
            Log.LogWriterSchedulingRefused(_logger, errno);
        }
    }

    /// <summary>Runs before any hosted service stops, i.e. as Kestrel begins to drain.</summary>
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _stoppingTimestamp, Stopwatch.GetTimestamp());
        Log.Draining(_logger, ConfigValueParser.FormatDuration(_options.ShutdownTimeout));
        return Task.CompletedTask;
    }

    /// <summary>Runs after Kestrel has stopped: in-flight requests have finished or were aborted at the timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stopping = Volatile.Read(ref _stoppingTimestamp);
        if (stopping != 0)
        {
            Log.Drained(_logger, Stopwatch.GetElapsedTime(stopping).TotalMilliseconds);
        }

        // Not cancelled by the shutdown timeout: abandoning a flush half way would only lose acknowledged data.
        await CloseAsync();
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Closes the store if StopAsync never ran, e.g. when Kestrel failed to bind after the store opened.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    private async ValueTask CloseAsync()
    {
        var engine = Interlocked.Exchange(ref _engine, null);
        if (engine is null)
        {
            return;
        }

        Log.FlushingStore(_logger);
        var started = Stopwatch.GetTimestamp();
        await engine.DisposeAsync();
        Log.StoreClosed(_logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}

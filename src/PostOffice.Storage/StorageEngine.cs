using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PostOffice.Storage.Catalog;
using PostOffice.Storage.Log;

namespace PostOffice.Storage;

/// <summary>
/// The embedded store as the server sees it: the catalog, the shared write-ahead log, periodic snapshots, and an
/// exclusive lock on the data directory.
/// </summary>
public sealed class StorageEngine : IAsyncDisposable
{
    private readonly StorageOptions _options;
    private readonly ILogger _logger;
    private readonly ILogRecoveryHandler _recovery;
    private readonly FileStream _directoryLock;
    private readonly WriteAheadLog _log;
    private readonly SqliteCatalog _catalog;
    private readonly CancellationTokenSource _stopping = new();
    private Task _snapshots = Task.CompletedTask;
    private int _disposed;

    private StorageEngine(StorageOptions options, ILogger logger, ILogRecoveryHandler recovery, FileStream directoryLock, WriteAheadLog log, SqliteCatalog catalog)
    {
        _options = options;
        _logger = logger;
        _recovery = recovery;
        _directoryLock = directoryLock;
        _log = log;
        _catalog = catalog;
    }

    public IWriteAheadLog Log => _log;

    public ICatalog Catalog => _catalog;

    /// <summary>Recovered, open, and not stopped by an I/O failure.</summary>
    public bool IsWritable => Volatile.Read(ref _disposed) == 0 && _log.Failure is null;

    public Exception? Failure => _log.Failure;

    /// <summary>
    /// Opens (or creates) the store in <see cref="StorageOptions.DataDirectory"/> and recovers it, replaying the
    /// write-ahead log through <paramref name="recovery"/>.
    /// </summary>
    /// <exception cref="StorageCorruptionException">Stored data is damaged; the message names the file and offset.</exception>
    /// <exception cref="IOException">The directory is in use by another process, or cannot be written.</exception>
    public static Task<StorageEngine> OpenAsync(StorageOptions options, ILogRecoveryHandler recovery, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        OpenAsync(options, (_, _) => Task.FromResult(recovery), loggerFactory, cancellationToken);

    /// <summary>
    /// Opens the store, letting the engines read the catalog before the log replays: <paramref name="createRecovery"/>
    /// gets the opened catalog (engines load their definitions from it) and returns the handler replay goes through.
    /// </summary>
    public static async Task<StorageEngine> OpenAsync(
        StorageOptions options,
        Func<ICatalog, CancellationToken, Task<ILogRecoveryHandler>> createRecovery,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        options.Validate();
        var started = Stopwatch.GetTimestamp();
        var logger = loggerFactory.CreateLogger("PostOffice.Storage");
        Directory.CreateDirectory(options.DataDirectory);
        var directoryLock = LockDirectory(options.DataDirectory);
        SqliteCatalog? catalog = null;
        try
        {
            catalog = await SqliteCatalog.OpenAsync(Path.Combine(options.DataDirectory, "catalog.db"), options.TimeProvider, cancellationToken).ConfigureAwait(false);
            var logOptions = new WriteAheadLogOptions
            {
                Directory = Path.Combine(options.DataDirectory, "wal"),
                SegmentBytes = options.SegmentBytes,
                Io = options.Io,
                WriterThreadStarted = options.LogWriterThreadStarted,
            };
            var recovery = await createRecovery(catalog, cancellationToken).ConfigureAwait(false);
            var log = await WriteAheadLog.OpenAsync(logOptions, recovery, logger, cancellationToken).ConfigureAwait(false);
            var engine = new StorageEngine(options, logger, recovery, directoryLock, log, catalog);
            engine._snapshots = engine.SnapshotPeriodicallyAsync();
            StorageLog.Opened(logger, options.DataDirectory, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return engine;
        }
        catch
        {
            if (catalog is not null)
            {
                await catalog.DisposeAsync().ConfigureAwait(false);
            }

            await directoryLock.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for every pending append to become durable, then closes the log, the catalog and the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _snapshots.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _log.DisposeAsync().ConfigureAwait(false);
        await _catalog.DisposeAsync().ConfigureAwait(false);
        await _directoryLock.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        StorageLog.StorageClosed(_logger, _options.DataDirectory);
    }

    /// <summary>Takes a snapshot now if anything was appended since the last one.</summary>
    public async Task SnapshotAsync(CancellationToken cancellationToken)
    {
        var replayFrom = _log.BeginSnapshot();
        var state = new ArrayBufferWriter<byte>();
        _recovery.CaptureSnapshot(state);
        await _log.WriteSnapshotAsync(replayFrom, state.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static FileStream LockDirectory(string directory)
    {
        var path = Path.Combine(directory, "postoffice.lock");
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; the kernel drops it when the process dies.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"The data directory '{directory}' is in use by another postoffice process ({path} is locked).", ex);
        }
    }

    private async Task SnapshotPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(_options.SnapshotInterval, _options.TimeProvider);
        var lastSnapshot = _log.AppendedPosition;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                if (_log.AppendedPosition == lastSnapshot || _log.Failure is not null)
                {
                    continue;
                }

                try
                {
                    lastSnapshot = _log.AppendedPosition;
                    await SnapshotAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Logged and retried at the next tick: a lost snapshot only means a longer replay, while a dead
                    // loop would let the log grow without bound.
                    StorageLog.SnapshotFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }
}

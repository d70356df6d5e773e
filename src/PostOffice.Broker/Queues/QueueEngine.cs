using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PostOffice.Storage;
using PostOffice.Storage.Catalog;
using PostOffice.Storage.Log;

namespace PostOffice.Broker.Queues;

/// <summary>
/// The queue engine: SQS semantics over the shared write-ahead log. Definitions live in the catalog; messages,
/// receives and deletes in the log; every queue's messages in memory (bodies too, up to a budget).
/// </summary>
/// <remarks>
/// Locking (docs/locking.md): a mutation holds the engine's state lock for reading, then one queue's gate at a time,
/// and appends its records inside that critical section; a snapshot holds the state lock for writing, so it sees
/// every change together with its log record, or neither. Commits are awaited outside every lock.
/// </remarks>
public sealed partial class QueueEngine : IQueueService, ILogRecoveryHandler, ILogEngine, IDisposable
{
    public const string CatalogKind = "sqs-queue";

    /// <inheritdoc/>
    public string SnapshotSection => "queues";

    /// <inheritdoc/>
    public bool OwnsRecordKind(byte kind) => QueueRecordKind.IsQueueRecord(kind);

    private readonly QueueEngineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReaderWriterLockSlim _stateLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _definitionGate = new(1, 1);
    private readonly ConcurrentDictionary<string, Queue> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Queue> _byId = new();
    private readonly ConcurrentDictionary<string, long> _recentlyDeleted = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ICatalog? _catalog;
    private IWriteAheadLog? _log;

    public QueueEngine(QueueEngineOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _options = options;
        _time = time;
        _logger = loggerFactory.CreateLogger("PostOffice.Broker.Queues");
    }

    private ICatalog Catalog => _catalog ?? throw new InvalidOperationException("The queue engine has not been loaded from a catalog.");

    private IWriteAheadLog Log => _log ?? throw new InvalidOperationException("The queue engine is not attached to a write-ahead log.");

    private long NowMilliseconds => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Loads queue definitions from the catalog, before the log replays; pass it to
    /// <see cref="StorageEngine.OpenAsync(StorageOptions, Func{ICatalog, CancellationToken, Task{ILogRecoveryHandler}}, ILoggerFactory, CancellationToken)"/>.
    /// </summary>
    public async Task<ILogRecoveryHandler> LoadAsync(ICatalog catalog, CancellationToken cancellationToken)
    {
        _catalog = catalog;
        _receiptKey = await LoadReceiptKeyAsync(catalog, cancellationToken).ConfigureAwait(false);
        string? after = null;
        while (true)
        {
            var page = await catalog.ListAsync(CatalogKind, after: after, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                var queue = QueueDefinition.Read(entry, _options);
                _byName[queue.Name] = queue;
                _byId[queue.Id] = queue;
            }

            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].Name;
        }

        QueueLog.Loaded(_logger, _byName.Count);
        return this;
    }

    /// <summary>Starts serving once recovery is over: appends go to <paramref name="log"/>.</summary>
    public void Attach(IWriteAheadLog log)
    {
        _log = log;
        _ = SweepRetentionAsync(_stopping.Token);
        ResumeMoveTasks();
    }

    public void Dispose()
    {
        _stopping.Cancel();
        foreach (var task in _moveTasks.Values)
        {
            task.Cancellation.Cancel();
        }

        _stateLock.Dispose();
        _definitionGate.Dispose();
    }

    /// <summary>
    /// Deletes messages past their queue's retention period every 10 seconds, so that queues nobody reads do not
    /// keep them (receives and attribute reads also expire messages as they go).
    /// </summary>
    private async Task SweepRetentionAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var queue in _byId.Values)
                {
                    var expired = new List<QueuedMessage>();
                    lock (queue.Gate)
                    {
                        if (!queue.Deleted)
                        {
                            queue.Store.Expire(NowMilliseconds - (queue.Settings.MessageRetentionPeriod * 1000L), expired);
                        }
                    }

                    Release(expired);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Queue Find(string queueName) =>
        _byName.TryGetValue(queueName, out var queue) && !queue.Deleted
            ? queue
            : throw new QueueException(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");

    /// <summary>Appends records inside the caller's critical section; the caller awaits the returned commit outside it.</summary>
    private ValueTask AppendLocked(ReadOnlySpan<LogRecord> records, Span<LogPosition> positions) =>
        records.IsEmpty ? ValueTask.CompletedTask : Log.AppendAndWaitForCommitAsync(records, positions);

    /// <inheritdoc cref="AppendLocked(ReadOnlySpan{LogRecord}, Span{LogPosition})"/>
    private ValueTask AppendLocked(List<LogRecord> records, List<LogPosition>? positions = null)
    {
        if (records.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var assigned = new LogPosition[records.Count];
        var commit = Log.AppendAndWaitForCommitAsync(CollectionsMarshal.AsSpan(records), assigned);
        positions?.AddRange(assigned);
        return commit;
    }

    private void Release(List<QueuedMessage> messages)
    {
        foreach (var message in messages)
        {
            Log.Release(message.Position);
        }
    }

    private void Release(List<LogPosition> positions)
    {
        foreach (var position in positions)
        {
            Log.Release(position);
        }
    }

    private static QueueException InvalidParameter(string name, object? value, string reason) =>
        new(QueueErrorCode.InvalidParameterValue, $"Value {value} for parameter {name} is invalid. Reason: {reason}");
}

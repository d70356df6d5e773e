using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PostOffice.Broker.Delivery;
using PostOffice.Broker.Queues;
using PostOffice.Storage;
using PostOffice.Storage.Catalog;
using PostOffice.Storage.Log;

namespace PostOffice.Broker.Topics;

/// <summary>
/// The topic engine: SNS semantics over the queue engine and the shared write-ahead log. Topic and subscription
/// definitions live in the catalog; pending HTTP(S) deliveries in the log (and in snapshots) until they are done.
/// </summary>
/// <remarks>
/// Locking (docs/locking.md): a publish holds this engine's state lock for reading from before its append until its
/// pending deliveries are in memory, and calls <see cref="QueueEngine.FanOut"/> inside that section, so one chunk
/// carries the queue enqueues and the pending deliveries and each engine's snapshot sees its part with its record.
/// Order: TopicEngine._stateLock -> Topic.Gate -> QueueEngine._stateLock -> Queue.Gate -> WriteAheadLog._gate.
/// </remarks>
public sealed partial class TopicEngine : ITopicService, ILogRecoveryHandler, ILogEngine, IDeliveryOutcomeSink, IDisposable
{
    public const string TopicCatalogKind = "sns-topic";
    public const string SubscriptionCatalogKind = "sns-subscription";

    /// <summary>The path the signing certificate is served at (PostOffice.Aws maps it); envelopes name it in SigningCertURL.</summary>
    public const string SigningCertificatePath = "/SimpleNotificationService-postoffice.pem";

    private readonly TopicEngineOptions _options;
    private readonly QueueEngine _queues;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NotificationSigner _signer;
    private readonly HttpDeliveryScheduler _scheduler;
    private readonly ReaderWriterLockSlim _stateLock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _definitionGate = new(1, 1);
    private readonly ConcurrentDictionary<string, Topic> _topicsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Topic> _topicsById = new();
    private readonly ConcurrentDictionary<string, Subscription> _subscriptionsByArn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Subscription> _subscriptionsById = new();
    private readonly ConcurrentDictionary<Guid, HttpDelivery> _pending = new();
    private ICatalog? _catalog;
    private IWriteAheadLog? _log;
    private int _disposed;

    public TopicEngine(TopicEngineOptions options, QueueEngine queues, IHttpDeliveryTransport transport, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _queues = queues;
        _time = time;
        _logger = loggerFactory.CreateLogger("PostOffice.Broker.Topics");
        _signer = options.KeyDirectory is { } directory ? NotificationSigner.LoadOrCreate(directory) : NotificationSigner.CreateEphemeral();
        _scheduler = new HttpDeliveryScheduler(transport, time, loggerFactory, this, PolicyOf);
    }

    /// <inheritdoc/>
    public string SnapshotSection => "topics";

    /// <inheritdoc/>
    public bool OwnsRecordKind(byte kind) => TopicRecordKind.IsTopicRecord(kind);

    public string SigningCertificatePem => _signer.CertificatePem;

    /// <summary>HTTP deliveries that reached their endpoint, and those whose retries ran out (metrics).</summary>
    public (long Delivered, long Exhausted) DeliveryCounts => (_scheduler.DeliveredCount, _scheduler.ExhaustedCount);

    /// <summary>Pending HTTP(S) deliveries (durable, not yet done).</summary>
    public int PendingDeliveryCount => _pending.Count;

    private ICatalog Catalog => _catalog ?? throw new InvalidOperationException("The topic engine has not been loaded from a catalog.");

    private IWriteAheadLog Log => _log ?? throw new InvalidOperationException("The topic engine is not attached to a write-ahead log.");

    private string Owner => _options.AccountId;

    public async Task<ILogRecoveryHandler> LoadAsync(ICatalog catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        await foreach (var entry in ListAllAsync(catalog, TopicCatalogKind, cancellationToken).ConfigureAwait(false))
        {
            var topic = TopicDefinitions.ReadTopic(entry, TopicArn(entry.Name));
            _topicsByName[topic.Name] = topic;
            _topicsById[topic.Id] = topic;
        }

        await foreach (var entry in ListAllAsync(catalog, SubscriptionCatalogKind, cancellationToken).ConfigureAwait(false))
        {
            var subscription = TopicDefinitions.ReadSubscription(entry);
            if (TopicNameFromArn(subscription.TopicArn) is { } name && _topicsByName.TryGetValue(name, out var topic))
            {
                ApplyAttributes(subscription, subscription.Attributes);
                _subscriptionsByArn[subscription.Arn] = subscription;
                _subscriptionsById[subscription.Id] = subscription;
                topic.Subscriptions = [.. topic.Subscriptions, subscription];
            }
        }

        TopicLog.Loaded(_logger, _topicsByName.Count, _subscriptionsByArn.Count);
        return this;
    }

    public void Attach(IWriteAheadLog log)
    {
        _log = log;
        var resumed = _pending.Values.ToList();
        if (resumed.Count > 0)
        {
            TopicLog.Resumed(_logger, resumed.Count);
        }

        foreach (var delivery in resumed)
        {
            _scheduler.Start(delivery);
        }
    }

    /// <summary>Safe to call more than once: the host disposes the engine once per service it is registered as.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _scheduler.Dispose();
        _signer.Dispose();
        _stateLock.Dispose();
        _definitionGate.Dispose();
    }

    /// <summary>
    /// Section <c>topics</c>, JSON: <c>{"Deliveries":[HttpDelivery...],"Topics":[TopicSnapshot...]}</c>, the pending
    /// deliveries with their attempts, and each FIFO topic's last sequence number and deduplication window. A bare
    /// array of deliveries is the older form, still read.
    /// </summary>
    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
        if (state.IsEmpty)
        {
            return;
        }

        var snapshot = state.TrimStart(" \t\r\n"u8) is [(byte)'[', ..]
            ? new TopicsSnapshot(JsonSerializer.Deserialize<List<HttpDelivery>>(state) ?? [], [])
            : JsonSerializer.Deserialize<TopicsSnapshot>(state)!;
        foreach (var delivery in snapshot.Deliveries)
        {
            _pending[delivery.Id] = delivery;
        }

        foreach (var saved in snapshot.Topics)
        {
            if (_topicsById.TryGetValue(saved.Id, out var topic))
            {
                topic.LastSequence = Math.Max(topic.LastSequence, saved.LastSequence);
                foreach (var (deduplicationId, entry) in saved.Deduplication)
                {
                    RestoreDeduplication(topic, deduplicationId, entry);
                }
            }
        }
    }

    public void Replay(in LogRecordView record, LogRecoveryContext context)
    {
        switch (record.Kind)
        {
            case TopicRecordKind.DeliveryPending:
                var delivery = JsonSerializer.Deserialize<HttpDelivery>(record.Payload)!;
                _pending.TryAdd(delivery.Id, delivery); // a snapshot's copy may already carry later attempts
                break;
            case TopicRecordKind.DeliveryDone:
                _pending.TryRemove(new Guid(record.Payload), out _);
                break;
            case TopicRecordKind.DeliveryRetryScheduled:
                var (deliveryId, attempts, nextAttemptAt) = TopicRecords.DecodeRetryScheduled(record.Payload);
                if (_pending.TryGetValue(deliveryId, out var pending) && attempts > pending.Attempts)
                {
                    _pending[deliveryId] = pending with { Attempts = attempts, NextAttemptAt = nextAttemptAt };
                }

                break;
            case TopicRecordKind.Deduplicated:
                var (deduplicationId, entry) = TopicRecords.DecodeDeduplication(record.Payload);
                if (_topicsById.TryGetValue(record.Owner, out var topic))
                {
                    topic.LastSequence = Math.Max(topic.LastSequence, entry.Seq);
                    RestoreDeduplication(topic, deduplicationId, entry);
                }

                break;
            default:
                throw new StorageCorruptionException("the write-ahead log", record.Position.Value, $"unknown topic record kind 0x{record.Kind:X2}");
        }
    }

    /// <summary>Puts a recovered deduplication entry back unless it has expired or the id is already known.</summary>
    private void RestoreDeduplication(Topic topic, string deduplicationId, DeduplicationEntry entry)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (entry.ExpiresAt > now && !topic.Deduplication.TryGet(deduplicationId, now, out _))
        {
            topic.Deduplication.Add(deduplicationId, entry);
        }
    }

    public void CaptureSnapshot(IBufferWriter<byte> writer)
    {
        _stateLock.EnterWriteLock();
        try
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var topics = _topicsById.Values
                .Where(topic => topic.IsFifo && !topic.Deleted)
                .Select(topic => new TopicSnapshot(
                    topic.Id,
                    topic.LastSequence,
                    topic.Deduplication.Entries.Where(pair => pair.Value.ExpiresAt > now).ToDictionary(StringComparer.Ordinal)))
                .ToList();
            using var json = new Utf8JsonWriter(writer);
            JsonSerializer.Serialize(json, new TopicsSnapshot([.. _pending.Values], topics));
        }
        finally
        {
            _stateLock.ExitWriteLock();
        }
    }

    private static async IAsyncEnumerable<CatalogEntry> ListAllAsync(ICatalog catalog, string kind, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await catalog.ListAsync(kind, after: after, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < 1000)
            {
                yield break;
            }

            after = page[^1].Name;
        }
    }

    private string TopicArn(string name) => $"arn:aws:sns:{_options.Region}:{_options.AccountId}:{name}";

    /// <summary>The topic name of an SNS topic ARN of this region and account, or null.</summary>
    private string? TopicNameFromArn(string? arn)
    {
        var prefix = $"arn:aws:sns:{_options.Region}:{_options.AccountId}:";
        return arn is not null && arn.StartsWith(prefix, StringComparison.Ordinal) && arn.Length > prefix.Length && arn.IndexOf(':', prefix.Length) < 0
            ? arn[prefix.Length..]
            : null;
    }

    private Topic FindTopic(string? topicArn) =>
        TopicNameFromArn(topicArn) is { } name && _topicsByName.TryGetValue(name, out var topic) && !topic.Deleted
            ? topic
            : throw TopicException.TopicNotFound();

    private Subscription FindSubscription(string? subscriptionArn) =>
        subscriptionArn is not null && _subscriptionsByArn.TryGetValue(subscriptionArn, out var subscription)
            ? subscription
            : throw TopicException.SubscriptionNotFound();

    /// <summary>Appends inside the caller's critical section; the caller awaits the commit outside it.</summary>
    private ValueTask AppendLocked(List<LogRecord> records)
    {
        var positions = new LogPosition[records.Count];
        return Log.AppendAndWaitForCommitAsync(CollectionsMarshal.AsSpan(records), positions);
    }

    private sealed record TopicsSnapshot(List<HttpDelivery> Deliveries, List<TopicSnapshot> Topics);

    /// <summary>A FIFO topic's last sequence number and its deduplication window.</summary>
    private sealed record TopicSnapshot(long Id, long LastSequence, Dictionary<string, DeduplicationEntry> Deduplication);
}

namespace PostOffice.Broker.Queues;

/// <summary>One queue: its definition, its messages, and the waiters of long polls. <see cref="Gate"/> guards all of it.</summary>
internal sealed class Queue(long id, string name, string arn, QueueSettings settings, long createdAt)
{
    // Created by the first long poll that waits and dropped by the signal that completes it, so a send with nobody
    // waiting allocates nothing.
    private TaskCompletionSource? _available;

    public object Gate { get; } = new();

    /// <summary>The catalog id: log records of this queue carry it as their owner.</summary>
    public long Id { get; } = id;

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public bool IsFifo => Settings.IsFifo;

    public QueueSettings Settings { get; set; } = settings;

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Epoch seconds.</summary>
    public long CreatedAt { get; } = createdAt;

    /// <summary>Epoch seconds.</summary>
    public long ModifiedAt { get; set; } = createdAt;

    public MessageStore Store { get; } = new(settings.IsFifo);

    public DeduplicationTable Deduplication { get; } = new();

    /// <summary>FIFO ReceiveRequestAttemptId → the receive it answered (durable: ReceiveAttempt records and snapshots).</summary>
    public Dictionary<string, (List<(long Seq, long Nonce)> Messages, long ExpiresAt)> ReceiveAttempts { get; } = new(StringComparer.Ordinal);

    public long NextSeq { get; set; } = 1;

    public long Nonce;

    /// <summary>Epoch milliseconds of the last purge (0: never).</summary>
    public long LastPurge { get; set; }

    public bool Deleted { get; set; }

    public QueueDescription Describe() => new(Name, Arn, IsFifo, DateTimeOffset.FromUnixTimeSeconds(CreatedAt));

    /// <summary>A task that completes the next time messages may have become available. Call under the gate.</summary>
    public Task WaitForMessages() => (_available ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Wakes every long poll of this queue. Call under the gate.</summary>
    public void SignalMessages()
    {
        if (_available is { } available)
        {
            _available = null;
            available.TrySetResult();
        }
    }
}

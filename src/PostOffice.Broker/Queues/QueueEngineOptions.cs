namespace PostOffice.Broker.Queues;

/// <summary>Settings of the <see cref="QueueEngine"/>.</summary>
public sealed class QueueEngineOptions
{
    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>Message bodies kept in memory up to this many bytes per queue; beyond it they are read back from the log.</summary>
    public long ResidentBodyBytesPerQueue { get; init; } = 64L * 1024 * 1024;

    /// <summary>The FIFO deduplication interval (AWS: 5 minutes).</summary>
    public TimeSpan DeduplicationWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A deleted queue's name stays reserved this long (AWS: 60 seconds).</summary>
    public TimeSpan DeletedQueueNameHold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A second purge within this interval fails with PurgeQueueInProgress (AWS: 60 seconds).</summary>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromSeconds(60);
}

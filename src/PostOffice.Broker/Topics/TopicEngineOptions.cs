namespace PostOffice.Broker.Topics;

/// <summary>Settings of the <see cref="TopicEngine"/>.</summary>
public sealed class TopicEngineOptions
{
    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>Where the envelope signing key and certificate are kept; null: an in-memory key (tests).</summary>
    public string? KeyDirectory { get; init; }

    /// <summary>The FIFO topic deduplication interval (AWS: 5 minutes).</summary>
    public TimeSpan DeduplicationWindow { get; init; } = TimeSpan.FromMinutes(5);
}

using PostOffice.Broker.Topics;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>
/// A FIFO topic's 5-minute deduplication window survives a restart
/// (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-dedup.html): a duplicate gets the first message's
/// MessageId and SequenceNumber back and is delivered nowhere. The subscribers are standard queues, whose own
/// deduplication cannot hide a second delivery.
/// </summary>
public sealed class FifoTopicDurabilityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FifoTopic_DuplicateAfterRestart_ReturnsTheOriginalIdsAndDeliversNothing()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await FifoTopicWithQueueAsync(host);
        var first = await host.Topics.PublishAsync(topic, "m0", group: "g", deduplicationId: "d0");
        var explicitOnly = await host.Topics.PublishAsync(topic, "same body", group: "g", deduplicationId: "d1");
        var byContent = await host.Topics.PublishAsync(topic, "hashed", group: "g");

        await host.RestartAsync();
        var fresh = await host.Topics.PublishAsync(topic, "same body", group: "g", deduplicationId: "d2");
        host.Clock.Advance(TimeSpan.FromMinutes(4));
        var duplicate = await host.Topics.PublishAsync(topic, "m0 again", group: "g", deduplicationId: "d0");
        var contentDuplicate = await host.Topics.PublishAsync(topic, "hashed", group: "g");

        Assert.Equal((first.MessageId, first.SequenceNumber), (duplicate.MessageId, duplicate.SequenceNumber));
        Assert.Equal((byContent.MessageId, byContent.SequenceNumber), (contentDuplicate.MessageId, contentDuplicate.SequenceNumber));
        Assert.NotEqual(explicitOnly.MessageId, fresh.MessageId);

        // The clock has not moved since the first publishes: only the restored sequence keeps the numbers growing.
        Assert.True(string.CompareOrdinal(fresh.SequenceNumber, byContent.SequenceNumber) > 0, $"{fresh.SequenceNumber} follows {byContent.SequenceNumber}");
        Assert.Equal(["hashed", "m0", "same body", "same body"], (await host.Queues.DrainAsync("plain")).Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FifoTopic_DeduplicationInASnapshot_SurvivesRestart()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await FifoTopicWithQueueAsync(host);
        var first = await host.Topics.PublishAsync(topic, "m0", group: "g", deduplicationId: "d0");
        await host.Storage.SnapshotAsync(Token);
        var tail = await host.Topics.PublishAsync(topic, "m1", group: "g", deduplicationId: "d1");

        await host.RestartAsync();
        var duplicates = await host.Topics.PublishBatchAsync(
            topic,
            [
                new PublishRequest { Message = "x", MessageGroupId = "g", MessageDeduplicationId = "d0" },
                new PublishRequest { Message = "y", MessageGroupId = "g", MessageDeduplicationId = "d1" },
            ],
            Token);

        Assert.Equal(first, duplicates[0].Result);
        Assert.Equal(tail, duplicates[1].Result);
        Assert.Equal(["m0", "m1"], (await host.Queues.DrainAsync("plain")).Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FifoTopic_DuplicateAfterTheWindowAndARestart_IsANewMessage()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await FifoTopicWithQueueAsync(host);
        var first = await host.Topics.PublishAsync(topic, "m0", group: "g", deduplicationId: "d0");
        await host.Storage.SnapshotAsync(Token);
        await host.Topics.PublishAsync(topic, "m1", group: "g", deduplicationId: "d1");

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.RestartAsync();
        var again = await host.Topics.PublishAsync(topic, "m0", group: "g", deduplicationId: "d0");
        await host.Topics.PublishAsync(topic, "m1", group: "g", deduplicationId: "d1");

        Assert.NotEqual(first.MessageId, again.MessageId);
        Assert.Equal(["m0", "m0", "m1", "m1"], (await host.Queues.DrainAsync("plain")).Select(m => m.Body).Order(StringComparer.Ordinal));
    }

    private static async Task<string> FifoTopicWithQueueAsync(TopicHost host)
    {
        var topic = await host.Topics.CreateTopicAsync("t.fifo", new() { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = "true" });
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("plain"), new() { ["RawMessageDelivery"] = "true" });
        return topic;
    }
}

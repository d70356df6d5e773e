using System.Text.Json;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Topics;

namespace PostOffice.Broker.Tests.Topics;

public sealed class TopicEngineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateTopic_SameNameAndAttributes_ReturnsSameArn_DifferentAttributesFail()
    {
        await using var host = await TopicHost.StartAsync();
        var arn = await host.Topics.CreateTopicAsync("orders", new() { ["DisplayName"] = "Orders" });
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:orders", arn);
        Assert.Equal(arn, await host.Topics.CreateTopicAsync("orders", new() { ["DisplayName"] = "Orders" }));
        Assert.Equal(arn, await host.Topics.CreateTopicAsync("orders"));
        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.CreateTopicAsync("orders", new() { ["DisplayName"] = "Other" }));
        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("")]
    [InlineData("standard.fifo")]
    public async Task CreateTopic_InvalidName_FailsWithInvalidParameter(string name)
    {
        await using var host = await TopicHost.StartAsync();
        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.CreateTopicAsync(name));
        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
    }

    [Fact]
    public async Task Topics_AttributesTagsAndSubscriptions_SurviveRestart()
    {
        await using var host = await TopicHost.StartAsync();
        var queue = await host.Queues.QueueAsync("q");
        var topic = await host.Topics.CreateTopicAsync("t", new() { ["DisplayName"] = "T" }, new() { ["team"] = "a" });
        await host.Topics.SetTopicAttributeAsync(topic, "SignatureVersion", "2", Token);
        var subscription = await host.Topics.SubscribeAsync(topic, "sqs", queue, new() { ["RawMessageDelivery"] = "true" });

        await host.RestartAsync();

        var attributes = await host.Topics.GetTopicAttributesAsync(topic, Token);
        Assert.Equal("T", attributes["DisplayName"]);
        Assert.Equal("2", attributes["SignatureVersion"]);
        Assert.Equal("1", attributes["SubscriptionsConfirmed"]);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a" }, await host.Topics.ListTagsForResourceAsync(topic, Token));
        var subscriptionAttributes = await host.Topics.GetSubscriptionAttributesAsync(subscription, Token);
        Assert.Equal("true", subscriptionAttributes["RawMessageDelivery"]);
        Assert.Equal("false", subscriptionAttributes["PendingConfirmation"]);
        await host.Topics.PublishAsync(topic, "after restart");
        Assert.Equal(["after restart"], (await host.Queues.DrainAsync("q")).Select(m => m.Body));
    }

    [Fact]
    public async Task ListTopics_PagesOfOneHundred()
    {
        await using var host = await TopicHost.StartAsync();
        for (var i = 0; i < 105; i++)
        {
            await host.Topics.CreateTopicAsync($"t{i:D3}");
        }

        var first = await host.Topics.ListTopicsAsync(null, Token);
        Assert.Equal(100, first.TopicArns.Count);
        var second = await host.Topics.ListTopicsAsync(first.NextToken, Token);
        Assert.Equal(5, second.TopicArns.Count);
        Assert.Null(second.NextToken);
        Assert.Equal(105, first.TopicArns.Concat(second.TopicArns).Distinct().Count());
    }

    [Fact]
    public async Task Tags_AtMostFifty_UntagRemoves_UnknownTopicIsResourceNotFound()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.TagResourceAsync(topic, Enumerable.Range(0, 50).ToDictionary(i => $"k{i}", i => "v"), Token);
        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.TagResourceAsync(topic, new Dictionary<string, string> { ["one-more"] = "v" }, Token));
        Assert.Equal(TopicErrorCode.TagLimitExceeded, failure.Code);
        await host.Topics.UntagResourceAsync(topic, ["k0", "k1"], Token);
        Assert.Equal(48, (await host.Topics.ListTagsForResourceAsync(topic, Token)).Count);
        var missing = await Assert.ThrowsAsync<TopicException>(() => host.Topics.ListTagsForResourceAsync(topic + "x", Token));
        Assert.Equal(TopicErrorCode.ResourceNotFound, missing.Code);
    }

    [Fact]
    public async Task Publish_FansOutToTwoQueues_EnvelopedAndRaw()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("enveloped"));
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("raw"), new() { ["RawMessageDelivery"] = "true" });

        var result = await host.Topics.PublishAsync(topic, "hello", TopicTesting.Attribute("color", "red"), subject: "greeting");

        var enveloped = Assert.Single(await host.Queues.DrainAsync("enveloped"));
        using var envelope = JsonDocument.Parse(enveloped.Body);
        var root = envelope.RootElement;
        Assert.Equal("Notification", root.GetProperty("Type").GetString());
        Assert.Equal(result.MessageId, root.GetProperty("MessageId").GetString());
        Assert.Equal(topic, root.GetProperty("TopicArn").GetString());
        Assert.Equal("greeting", root.GetProperty("Subject").GetString());
        Assert.Equal("hello", root.GetProperty("Message").GetString());
        Assert.Equal("2026-01-01T00:00:00.000Z", root.GetProperty("Timestamp").GetString());
        Assert.Equal("1", root.GetProperty("SignatureVersion").GetString());
        Assert.Equal("red", root.GetProperty("MessageAttributes").GetProperty("color").GetProperty("Value").GetString());
        Assert.Empty(enveloped.MessageAttributes);

        var raw = Assert.Single(await host.Queues.DrainAsync("raw"));
        Assert.Equal("hello", raw.Body);
        Assert.Equal("red", raw.MessageAttributes["color"].StringValue);
    }

    [Fact]
    public async Task Publish_FilterPolicies_OnAttributesAndBody_DeliverOnlyMatches()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("red"), new()
        {
            ["RawMessageDelivery"] = "true",
            ["FilterPolicy"] = """{"color": ["red"]}""",
        });
        var body = await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("big"), new()
        {
            ["RawMessageDelivery"] = "true",
            ["FilterPolicyScope"] = "MessageBody",
            ["FilterPolicy"] = """{"order": {"total": [{"numeric": [">", 100]}]}}""",
        });

        await host.Topics.PublishAsync(topic, """{"order": {"total": 150}}""", TopicTesting.Attribute("color", "blue"));
        await host.Topics.PublishAsync(topic, """{"order": {"total": 50}}""", TopicTesting.Attribute("color", "red"));
        await host.Topics.PublishAsync(topic, "not json");

        Assert.Equal(["""{"order": {"total": 50}}"""], (await host.Queues.DrainAsync("red")).Select(m => m.Body));
        Assert.Equal(["""{"order": {"total": 150}}"""], (await host.Queues.DrainAsync("big")).Select(m => m.Body));
        Assert.Equal("MessageBody", (await host.Topics.GetSubscriptionAttributesAsync(body, Token))["FilterPolicyScope"]);
    }

    [Fact]
    public async Task Publish_MessageStructureJson_PicksTheSqsEntry()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("q"), new() { ["RawMessageDelivery"] = "true" });
        await host.Topics.PublishAsync(topic, new PublishRequest { Message = """{"default": "d", "sqs": "for queues"}""", MessageStructure = "json" }, Token);
        Assert.Equal(["for queues"], (await host.Queues.DrainAsync("q")).Select(m => m.Body));
        var failure = await Assert.ThrowsAsync<TopicException>(async () =>
            await host.Topics.PublishAsync(topic, new PublishRequest { Message = """{"sqs": "x"}""", MessageStructure = "json" }, Token));
        Assert.Contains("No default entry", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FifoTopic_ToFifoQueue_KeepsGroupOrderAndDeduplicates()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t.fifo", new() { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = "true" });
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("q.fifo"), new() { ["RawMessageDelivery"] = "true" });

        var first = await host.Topics.PublishAsync(topic, "m0", group: "g");
        for (var i = 1; i < 20; i++)
        {
            await host.Topics.PublishAsync(topic, $"m{i}", group: "g");
        }

        var duplicate = await host.Topics.PublishAsync(topic, "m0", group: "g");
        Assert.Equal(first.MessageId, duplicate.MessageId);
        Assert.Equal(first.SequenceNumber, duplicate.SequenceNumber);
        var received = await host.Queues.DrainAsync("q.fifo");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}"), received.Select(m => m.Body));
        Assert.All(received, m => Assert.Equal("g", m.System.MessageGroupId));
    }

    [Theory]
    [InlineData("Topic", true)]
    [InlineData("MessageGroup", false)]
    public async Task FifoTopic_SameDeduplicationIdInAnotherGroup_IsADuplicateOnlyWithTopicScope(string scope, bool duplicate)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t.fifo", new() { ["FifoTopic"] = "true", ["FifoThroughputScope"] = scope });

        var first = await host.Topics.PublishAsync(topic, "m", group: "g1", deduplicationId: "d");
        var second = await host.Topics.PublishAsync(topic, "m", group: "g2", deduplicationId: "d");
        var sameGroup = await host.Topics.PublishAsync(topic, "m", group: "g1", deduplicationId: "d");

        Assert.Equal(duplicate, first.MessageId == second.MessageId);
        Assert.Equal(first.MessageId, sameGroup.MessageId);
    }

    [Fact]
    public async Task FifoTopic_RequiresGroupAndDeduplication_StandardTopicRefusesFifoQueue()
    {
        await using var host = await TopicHost.StartAsync();
        var fifo = await host.Topics.CreateTopicAsync("t.fifo", new() { ["FifoTopic"] = "true" });
        var noGroup = await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(fifo, "m", deduplicationId: "d"));
        Assert.Contains("MessageGroupId", noGroup.Message, StringComparison.Ordinal);
        var noDeduplication = await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(fifo, "m", group: "g"));
        Assert.Contains("ContentBasedDeduplication", noDeduplication.Message, StringComparison.Ordinal);
        var http = await Assert.ThrowsAsync<TopicException>(() => host.Topics.SubscribeAsync(fifo, "http", "http://example.test/"));
        Assert.Equal(TopicErrorCode.InvalidParameter, http.Code);

        var standard = await host.Topics.CreateTopicAsync("s");
        var fifoQueue = await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.SubscribeAsync(standard, "sqs", await host.Queues.QueueAsync("q.fifo")));
        Assert.Contains("FIFO SQS Queues can not be subscribed to standard SNS topics", fifoQueue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_Validation_FollowsAwsLimits()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        Assert.Contains("Empty message", (await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(topic, ""))).Message, StringComparison.Ordinal);
        Assert.Contains("Message too long", (await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(topic, new string('x', (256 * 1024) + 1)))).Message, StringComparison.Ordinal);
        Assert.Contains("Subject", (await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(topic, "m", subject: "line\nbreak"))).Message, StringComparison.Ordinal);
        var badNumber = await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(topic, "m", TopicTesting.Attribute("n", "abc", "Number")));
        Assert.Equal(TopicErrorCode.InvalidParameterValue, badNumber.Code);
        var missing = await Assert.ThrowsAsync<TopicException>(async () => await host.Topics.PublishAsync(topic + "x", "m"));
        Assert.Equal(TopicErrorCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task PublishBatch_ValidEntriesDeliveredInOneWrite_InvalidOnesReported()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("q"), new() { ["RawMessageDelivery"] = "true" });
        var outcomes = await host.Topics.PublishBatchAsync(topic, [new PublishRequest { Message = "a" }, new PublishRequest { Message = "" }, new PublishRequest { Message = "c" }], Token);
        Assert.NotNull(outcomes[0].Result);
        Assert.Equal(TopicErrorCode.InvalidParameter, outcomes[1].Error!.Code);
        Assert.NotNull(outcomes[2].Result);
        Assert.Equal(["a", "c"], (await host.Queues.DrainAsync("q")).Select(m => m.Body).Order());
    }

    [Fact]
    public async Task Subscribe_Twice_ReturnsSameArn_Unsubscribe_StopsDelivery_DeleteTopicIsIdempotent()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var queue = await host.Queues.QueueAsync("q");
        var subscription = await host.Topics.SubscribeAsync(topic, "sqs", queue);
        Assert.Equal(subscription, await host.Topics.SubscribeAsync(topic, "sqs", queue));
        var page = await host.Topics.ListSubscriptionsAsync(topic, null, Token);
        Assert.Equal(subscription, Assert.Single(page.Subscriptions).SubscriptionArn);

        await host.Topics.UnsubscribeAsync(subscription, Token);
        await host.Topics.PublishAsync(topic, "nobody hears this");
        Assert.Empty(await host.Queues.DrainAsync("q"));
        Assert.Equal("1", (await host.Topics.GetTopicAttributesAsync(topic, Token))["SubscriptionsDeleted"]);

        await host.Topics.DeleteTopicAsync(topic, Token);
        await host.Topics.DeleteTopicAsync(topic, Token);
        Assert.Equal(TopicErrorCode.NotFound, (await Assert.ThrowsAsync<TopicException>(() => host.Topics.GetTopicAttributesAsync(topic, Token))).Code);
    }

    [Theory]
    [InlineData("FilterPolicy", """{"a": {"b": ["c"]}}""")]
    [InlineData("RawMessageDelivery", "maybe")]
    [InlineData("FilterPolicyScope", "Everything")]
    [InlineData("RedrivePolicy", """{"deadLetterTargetArn": "nope"}""")]
    [InlineData("DeliveryPolicy", """{"healthyRetryPolicy": {"numRetries": 500}}""")]
    [InlineData("Unknown", "x")]
    public async Task SetSubscriptionAttributes_InvalidValue_FailsAndKeepsTheOldOne(string name, string value)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var subscription = await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("q"));
        var before = await host.Topics.GetSubscriptionAttributesAsync(subscription, Token);
        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.SetSubscriptionAttributeAsync(subscription, name, value, Token));
        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal(before, await host.Topics.GetSubscriptionAttributesAsync(subscription, Token));
    }
}

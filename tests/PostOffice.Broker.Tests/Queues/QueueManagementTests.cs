using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

public sealed class QueueManagementTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateQueue_SameAttributesTwice_ReturnsTheExistingQueue()
    {
        await using var host = await QueueHost.StartAsync();
        var first = await host.Engine.CreateAsync("orders", new() { ["VisibilityTimeout"] = "60" });

        var second = await host.Engine.CreateAsync("orders", new() { ["VisibilityTimeout"] = "60" });

        Assert.Equal(first, second);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:orders", second.Arn);
    }

    [Fact]
    public async Task CreateQueue_DifferentAttributes_FailsWithQueueAlreadyExists()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("orders", new() { ["VisibilityTimeout"] = "60" });

        var error = await QueueTesting.FailsAsync(() => host.Engine.CreateAsync("orders", new() { ["VisibilityTimeout"] = "61" }));

        Assert.Equal(QueueErrorCode.QueueAlreadyExists, error.Code);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("dot.name", false)]
    [InlineData("q.fifo", false)]
    [InlineData("q", true)]
    [InlineData("1234567890123456789012345678901234567890123456789012345678901234567890123456789012", false)]
    public async Task CreateQueue_InvalidName_FailsWithInvalidParameterValue(string name, bool fifo)
    {
        await using var host = await QueueHost.StartAsync();

        var error = await QueueTesting.FailsAsync(() => host.Engine.CreateAsync(name, fifo ? new() { ["FifoQueue"] = "true" } : null));

        Assert.Equal(QueueErrorCode.InvalidParameterValue, error.Code);
    }

    [Theory]
    [InlineData("VisibilityTimeout", "43201", QueueErrorCode.InvalidAttributeValue)]
    [InlineData("DelaySeconds", "-1", QueueErrorCode.InvalidAttributeValue)]
    [InlineData("MaximumMessageSize", "1023", QueueErrorCode.InvalidAttributeValue)]
    [InlineData("MessageRetentionPeriod", "59", QueueErrorCode.InvalidAttributeValue)]
    [InlineData("ReceiveMessageWaitTimeSeconds", "21", QueueErrorCode.InvalidAttributeValue)]
    [InlineData("RedrivePolicy", "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:missing\",\"maxReceiveCount\":3}", QueueErrorCode.InvalidAttributeValue)]
    [InlineData("ContentBasedDeduplication", "true", QueueErrorCode.InvalidAttributeName)]
    [InlineData("NoSuchAttribute", "1", QueueErrorCode.InvalidAttributeName)]
    public async Task SetQueueAttributes_InvalidAttribute_FailsAndChangesNothing(string name, string value, QueueErrorCode expected)
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var error = await QueueTesting.FailsAsync(() => host.Engine.SetQueueAttributesAsync("q", new Dictionary<string, string> { ["DelaySeconds"] = "5", [name] = value }, Token));

        Assert.Equal(expected, error.Code);
        Assert.Equal("0", await host.Engine.AttributeAsync("q", "DelaySeconds"));
    }

    [Fact]
    public async Task GetQueueAttributes_All_ReturnsEveryStandardAttribute()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var attributes = await host.Engine.GetQueueAttributesAsync("q", ["All"], Token);

        Assert.Equal(
            ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp", "DelaySeconds",
             "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod", "QueueArn", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout"],
            attributes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("1048576", attributes["MaximumMessageSize"]);
        Assert.Equal("345600", attributes["MessageRetentionPeriod"]);
        Assert.Equal("30", attributes["VisibilityTimeout"]);
    }

    [Fact]
    public async Task RedrivePolicy_MaxReceiveCountSentAsString_IsReturnedAsANumber()
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await host.Engine.CreateAsync("dlq");
        await host.Engine.CreateAsync("source", new() { ["RedrivePolicy"] = $"{{\"maxReceiveCount\":\"5\", \"deadLetterTargetArn\":\"{dlq.Arn}\"}}" });

        var policy = await host.Engine.AttributeAsync("source", "RedrivePolicy");

        Assert.Equal($"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":5}}", policy);
    }

    [Fact]
    public async Task Attributes_AfterRestart_AreKept()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q.fifo", new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" });
        await host.Engine.SetQueueAttributesAsync("q.fifo", new Dictionary<string, string> { ["VisibilityTimeout"] = "99" }, Token);
        await host.Engine.TagQueueAsync("q.fifo", new Dictionary<string, string> { ["team"] = "a" }, Token);

        await host.RestartAsync();

        Assert.Equal("99", await host.Engine.AttributeAsync("q.fifo", "VisibilityTimeout"));
        Assert.Equal("true", await host.Engine.AttributeAsync("q.fifo", "ContentBasedDeduplication"));
        Assert.Equal("a", (await host.Engine.ListQueueTagsAsync("q.fifo", Token))["team"]);
    }

    [Fact]
    public async Task ListQueues_WithPrefixAndMaxResults_PagesInNameOrder()
    {
        await using var host = await QueueHost.StartAsync();
        foreach (var name in new[] { "b2", "a1", "b1", "b3" })
        {
            await host.Engine.CreateAsync(name);
        }

        var first = await host.Engine.ListQueuesAsync("b", 2, null, Token);
        var second = await host.Engine.ListQueuesAsync("b", 2, first.NextToken, Token);

        Assert.Equal(["b1", "b2"], first.QueueNames);
        Assert.NotNull(first.NextToken);
        Assert.Equal(["b3"], second.QueueNames);
        Assert.Null(second.NextToken);
    }

    [Fact]
    public async Task DeleteQueue_ThenUse_FailsAndNameIsHeldFor60Seconds()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "x");

        await host.Engine.DeleteQueueAsync("q", Token);

        Assert.Equal(QueueErrorCode.QueueDoesNotExist, (await QueueTesting.FailsAsync(() => host.Engine.GetQueueAsync("q", Token))).Code);
        Assert.Equal(QueueErrorCode.QueueDeletedRecently, (await QueueTesting.FailsAsync(() => host.Engine.CreateAsync("q"))).Code);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        await host.Engine.CreateAsync("q");
        Assert.Empty(await host.Engine.ReceiveAsync("q"));
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_ReturnsQueuesRedrivingToIt()
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await host.Engine.CreateAsync("dlq");
        await host.Engine.CreateAsync("source", new() { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":\"2\"}}" });
        await host.Engine.CreateAsync("other");

        var sources = await host.Engine.ListDeadLetterSourceQueuesAsync("dlq", null, null, Token);

        Assert.Equal(["source"], sources.QueueNames);
    }
}

using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

public sealed class FifoTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<QueueDescription> CreateFifoAsync(QueueHost host, bool contentBased = false, string scope = "queue") =>
        host.Engine.CreateAsync("q.fifo", new()
        {
            ["FifoQueue"] = "true",
            ["ContentBasedDeduplication"] = contentBased ? "true" : "false",
            ["DeduplicationScope"] = scope,
        });

    [Fact]
    public async Task Receive_WithinAGroup_ReturnsMessagesInOrderAndBlocksTheGroupWhileInFlight()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        for (var i = 1; i <= 3; i++)
        {
            await host.Engine.SendAsync("q.fifo", $"a{i}", group: "a", deduplicationId: $"a{i}");
        }

        var first = await host.Engine.ReceiveAsync("q.fifo", max: 2);
        Assert.Equal(["a1", "a2"], first.Select(m => m.Body));
        Assert.Empty(await host.Engine.ReceiveAsync("q.fifo"));

        await host.Engine.DeleteAsync("q.fifo", first[0].ReceiptHandle);
        Assert.Empty(await host.Engine.ReceiveAsync("q.fifo"));
        await host.Engine.DeleteAsync("q.fifo", first[1].ReceiptHandle);

        Assert.Equal(["a3"], (await host.Engine.ReceiveAsync("q.fifo")).Select(m => m.Body));
    }

    [Fact]
    public async Task Receive_OneGroupBlocked_ServesOtherGroups()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        await host.Engine.SendAsync("q.fifo", "a1", group: "a", deduplicationId: "1");
        await host.Engine.SendAsync("q.fifo", "a2", group: "a", deduplicationId: "2");
        await host.Engine.SendAsync("q.fifo", "b1", group: "b", deduplicationId: "3");

        Assert.Equal(["a1"], (await host.Engine.ReceiveAsync("q.fifo", max: 1)).Select(m => m.Body));

        Assert.Equal(["b1"], (await host.Engine.ReceiveAsync("q.fifo")).Select(m => m.Body));
    }

    [Fact]
    public async Task Receive_AfterHeadVisibilityExpires_RedeliversTheHeadFirst()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        await host.Engine.SendAsync("q.fifo", "a1", group: "a", deduplicationId: "1");
        await host.Engine.SendAsync("q.fifo", "a2", group: "a", deduplicationId: "2");
        await host.Engine.ReceiveAsync("q.fifo", max: 1, visibility: 5);

        host.Clock.Advance(TimeSpan.FromSeconds(5));

        var again = await host.Engine.ReceiveAsync("q.fifo");
        Assert.Equal(["a1", "a2"], again.Select(m => m.Body));
        Assert.Equal(2, again[0].System.ApproximateReceiveCount);
        Assert.True(string.CompareOrdinal(again[0].System.SequenceNumber, again[1].System.SequenceNumber) < 0);
    }

    [Fact]
    public async Task Send_SameDeduplicationIdWithin5Minutes_IsAcceptedOnceWithTheSameMessageId()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        var first = await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");

        host.Clock.Advance(TimeSpan.FromMinutes(4));
        var duplicate = await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");

        Assert.Equal(first.MessageId, duplicate.MessageId);
        Assert.NotEqual(first.MessageId, later.MessageId);
        Assert.Equal(2, (await host.Engine.ReceiveAsync("q.fifo")).Count);
    }

    [Fact]
    public async Task Send_ContentBasedDeduplication_DeduplicatesByBody()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host, contentBased: true);

        var first = await host.Engine.SendAsync("q.fifo", "same", group: "g");
        var second = await host.Engine.SendAsync("q.fifo", "same", group: "g");
        await host.Engine.SendAsync("q.fifo", "other", group: "g");

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal(["same", "other"], (await host.Engine.ReceiveAsync("q.fifo")).Select(m => m.Body));
    }

    [Fact]
    public async Task Deduplication_SurvivesDeletePurgeAndRestart()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        var original = await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q.fifo"));
        await host.Engine.DeleteAsync("q.fifo", received.ReceiptHandle);
        await host.Engine.PurgeQueueAsync("q.fifo", Token);

        await host.RestartAsync();
        var duplicate = await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");

        Assert.Equal(original.MessageId, duplicate.MessageId);
        Assert.Empty(await host.Engine.ReceiveAsync("q.fifo"));
    }

    [Fact]
    public async Task Deduplication_MessageGroupScope_AllowsTheSameIdInAnotherGroup()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host, scope: "messageGroup");

        var a = await host.Engine.SendAsync("q.fifo", "x", group: "a", deduplicationId: "d");
        var b = await host.Engine.SendAsync("q.fifo", "x", group: "b", deduplicationId: "d");

        Assert.NotEqual(a.MessageId, b.MessageId);
    }

    [Fact]
    public async Task Send_WithoutGroupOrDeduplication_FailsAsAwsDoes()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);

        var noGroup = await host.Engine.SendFailsAsync("q.fifo", new SendMessageRequest { Body = "x", MessageDeduplicationId = "d" });
        var noDeduplication = await host.Engine.SendFailsAsync("q.fifo", new SendMessageRequest { Body = "x", MessageGroupId = "g" });
        var delay = await host.Engine.SendFailsAsync("q.fifo", new SendMessageRequest { Body = "x", MessageGroupId = "g", MessageDeduplicationId = "d", DelaySeconds = 5 });

        Assert.Equal(QueueErrorCode.MissingParameter, noGroup.Code);
        Assert.Equal(QueueErrorCode.InvalidParameterValue, noDeduplication.Code);
        Assert.Equal(QueueErrorCode.InvalidParameterValue, delay.Code);
    }

    [Fact]
    public async Task Delete_StaleHandleOnFifo_FailsWithReceiptHandleIsInvalid()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");
        var first = Assert.Single(await host.Engine.ReceiveAsync("q.fifo", visibility: 0));
        Assert.Single(await host.Engine.ReceiveAsync("q.fifo", visibility: 0));

        var outcome = await host.Engine.DeleteMessagesAsync("q.fifo", [first.ReceiptHandle], Token);

        Assert.Equal(QueueErrorCode.ReceiptHandleIsInvalid, outcome[0]!.Code);
    }

    [Fact]
    public async Task Receive_SameAttemptIdWithin5Minutes_ReturnsTheSameMessages()
    {
        await using var host = await QueueHost.StartAsync();
        await CreateFifoAsync(host);
        await host.Engine.SendAsync("q.fifo", "x", group: "g", deduplicationId: "d");
        var request = new ReceiveMessagesRequest { ReceiveRequestAttemptId = "attempt-1" };

        var first = await host.Engine.ReceiveMessagesAsync("q.fifo", request, Token);
        var retry = await host.Engine.ReceiveMessagesAsync("q.fifo", request, Token);

        Assert.Equal(first.Select(m => m.ReceiptHandle), retry.Select(m => m.ReceiptHandle));
    }
}

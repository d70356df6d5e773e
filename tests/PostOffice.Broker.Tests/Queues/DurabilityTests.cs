using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

public sealed class DurabilityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restart_KeepsSentMessagesAndForgetsDeletedOnes()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        for (var i = 0; i < 5; i++)
        {
            await host.Engine.SendAsync("q", $"m{i}");
        }

        var received = await host.Engine.ReceiveAsync("q", max: 2, visibility: 0);
        await host.Engine.DeleteAsync("q", [.. received.Select(m => m.ReceiptHandle)]);

        await host.RestartAsync();

        var bodies = (await host.Engine.ReceiveAsync("q")).Select(m => m.Body).Order().ToList();
        Assert.Equal(["m2", "m3", "m4"], bodies);
    }

    [Fact]
    public async Task Restart_InFlightMessage_StaysHiddenUntilItsTimeoutAndKeepsItsReceiptHandle()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "m");
        var received = Assert.Single(await host.Engine.ReceiveAsync("q", visibility: 60));
        await host.Engine.SendAsync("q", "flush"); // a later durable write carries the receive record with it

        await host.RestartAsync();

        Assert.Equal(["flush"], (await host.Engine.ReceiveAsync("q", visibility: 60)).Select(m => m.Body));
        await host.Engine.DeleteAsync("q", received.ReceiptHandle);
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(["flush"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
    }

    [Fact]
    public async Task Restart_FromSnapshotPlusTail_RestoresEveryQueue()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("a");
        await host.Engine.CreateAsync("b.fifo", new() { ["FifoQueue"] = "true" });
        await host.Engine.SendAsync("a", "before snapshot");
        await host.Engine.SendAsync("b.fifo", "fifo 1", group: "g", deduplicationId: "1");
        var inFlight = Assert.Single(await host.Engine.ReceiveAsync("b.fifo", visibility: 120));

        await host.Storage.SnapshotAsync(Token);
        await host.Engine.SendAsync("a", "after snapshot");
        await host.Engine.SendAsync("b.fifo", "fifo 2", group: "g", deduplicationId: "2");
        await host.RestartAsync();

        Assert.Equal(["after snapshot", "before snapshot"], (await host.Engine.ReceiveAsync("a")).Select(m => m.Body).Order());
        Assert.Empty(await host.Engine.ReceiveAsync("b.fifo")); // group g is blocked by the in-flight head
        await host.Engine.DeleteAsync("b.fifo", inFlight.ReceiptHandle);
        Assert.Equal(["fifo 2"], (await host.Engine.ReceiveAsync("b.fifo")).Select(m => m.Body));
    }

    [Fact]
    public async Task Restart_AfterPurge_DoesNotResurrectMessages()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "purged");
        await host.Engine.PurgeQueueAsync("q", Token);
        await host.Engine.SendAsync("q", "kept");

        await host.RestartAsync();

        Assert.Equal(["kept"], (await host.Engine.ReceiveAsync("q")).Select(m => m.Body));
    }
}

using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

public sealed class LongPollingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_WaitingWhenAMessageArrives_ReturnsAtOnceWithoutTheClockMoving()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        var before = host.Clock.GetUtcNow();

        var waiting = host.Engine.ReceiveAsync("q", wait: 20);
        Assert.False(waiting.IsCompleted);
        await host.Engine.SendAsync("q", "arrived");

        var received = await waiting.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal(["arrived"], received.Select(m => m.Body));
        Assert.Equal(before, host.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Receive_WaitingWithNothingArriving_ReturnsEmptyAtTheDeadline()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var waiting = host.Engine.ReceiveAsync("q", wait: 5);
        host.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(waiting.IsCompleted);
        host.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(await waiting.WaitAsync(TimeSpan.FromSeconds(30), Token));
    }

    [Fact]
    public async Task Receive_WaitingWhileADelayedMessageBecomesVisible_ReturnsIt()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "delayed", delay: 3);

        var waiting = host.Engine.ReceiveAsync("q", wait: 20);
        host.Clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(["delayed"], (await waiting.WaitAsync(TimeSpan.FromSeconds(30), Token)).Select(m => m.Body));
    }

    [Fact]
    public async Task Receive_QueueDefaultWaitTime_AppliesWhenTheRequestGivesNone()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q", new() { ["ReceiveMessageWaitTimeSeconds"] = "10" });

        var waiting = host.Engine.ReceiveMessagesAsync("q", new ReceiveMessagesRequest(), Token).AsTask();
        host.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(waiting.IsCompleted);
        await host.Engine.SendAsync("q", "x");

        Assert.Single(await waiting.WaitAsync(TimeSpan.FromSeconds(30), Token));
    }
}

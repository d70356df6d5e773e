using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>Standard queues with MessageGroupId (AWS "fair queues"): a group's backlog does not delay other groups.</summary>
public sealed class FairQueueTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task SendManyAsync(QueueHost host, string group, int count)
    {
        var batch = Enumerable.Range(0, 10).Select(i => new SendMessageRequest { Body = $"{group}", MessageGroupId = group }).ToList();
        for (var sent = 0; sent < count; sent += 10)
        {
            var outcomes = await host.Engine.SendMessagesAsync("q", batch[..Math.Min(10, count - sent)], Token);
            Assert.All(outcomes, o => Assert.Null(o.Error));
        }
    }

    [Fact]
    public async Task Receive_NoisyGroupBacklog_ServesQuietGroupsInTheNextReceive()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await SendManyAsync(host, "noisy", 200);
        await host.Engine.SendAsync("q", "quiet-1", group: "quiet-1");
        await host.Engine.SendAsync("q", "quiet-2", group: "quiet-2");

        var received = await host.Engine.ReceiveAsync("q", max: 3);

        Assert.Equal(["noisy", "quiet-1", "quiet-2"], received.Select(m => m.Body).Order());
        Assert.Equal(["noisy", "quiet-1", "quiet-2"], received.Select(m => m.System.MessageGroupId).Order());
    }

    [Fact]
    public async Task Receive_SeveralGroups_TakesOneMessageOfEachGroupInTurn()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        foreach (var body in new[] { "a1", "a2", "a3", "b1", "b2", "c1" })
        {
            await host.Engine.SendAsync("q", body, group: body[..1]);
        }

        var received = await host.Engine.ReceiveAsync("q", max: 10);

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3"], received.Select(m => m.Body));
    }

    [Fact]
    public async Task Receive_MessagesWithoutGroup_EachCountAsATenantOfTheirOwn()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await SendManyAsync(host, "noisy", 50);
        for (var i = 0; i < 4; i++)
        {
            await host.Engine.SendAsync("q", $"plain-{i}");
        }

        var received = await host.Engine.ReceiveAsync("q", max: 5);

        Assert.Equal(["noisy", "plain-0", "plain-1", "plain-2", "plain-3"], received.Select(m => m.Body).Order());
    }

    [Fact]
    public async Task Receive_QuietMessageVisibleAgain_IsServedBeforeTheNoisyBacklog()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q", new() { ["VisibilityTimeout"] = "30" });
        await host.Engine.SendAsync("q", "quiet", group: "quiet");
        Assert.Equal("quiet", Assert.Single(await host.Engine.ReceiveAsync("q", max: 1)).Body);
        await SendManyAsync(host, "noisy", 100);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var received = await host.Engine.ReceiveAsync("q", max: 2);

        Assert.Contains(received, m => m.Body == "quiet" && m.System.ApproximateReceiveCount == 2);
    }

    [Fact]
    public async Task Receive_GroupDrainedAndRefilled_IsServedAgain()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.SendAsync("q", "a1", group: "a");
        var first = Assert.Single(await host.Engine.ReceiveAsync("q"));
        await host.Engine.DeleteAsync("q", first.ReceiptHandle);
        await SendManyAsync(host, "noisy", 20);
        await host.Engine.SendAsync("q", "a2", group: "a");

        var received = await host.Engine.ReceiveAsync("q", max: 2);

        Assert.Equal(["a2", "noisy"], received.Select(m => m.Body).Order());
    }

    [Fact]
    public async Task Restart_KeepsGroupsSoTheBalancingContinues()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await SendManyAsync(host, "noisy", 40);
        await host.Engine.SendAsync("q", "quiet", group: "quiet");
        await host.Storage.SnapshotAsync(Token);
        await SendManyAsync(host, "noisy", 10);
        await host.Engine.SendAsync("q", "late", group: "late");

        await host.RestartAsync();
        var received = await host.Engine.ReceiveAsync("q", max: 3);

        Assert.Equal(["late", "noisy", "quiet"], received.Select(m => m.Body).Order());
        Assert.Equal("49", await host.Engine.AttributeAsync("q", "ApproximateNumberOfMessages"));
    }
}

using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>
/// FIFO ReceiveRequestAttemptId: a retry within 5 minutes returns the same messages and receipt handles, also after
/// a restart (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html).
/// </summary>
public sealed class ReceiveAttemptTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReceiveRequestAttemptId_RetriedAfterRestart_ReturnsTheSameMessagesAndHandles(bool snapshotFirst)
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q.fifo", new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" });
        await host.Engine.SendAsync("q.fifo", "a1", group: "a");
        await host.Engine.SendAsync("q.fifo", "a2", group: "a");
        var first = await ReceiveAsync(host, "attempt-1");
        await host.Engine.SendAsync("q.fifo", "flush", group: "b"); // a later durable write carries the receive with it
        if (snapshotFirst)
        {
            await host.Storage.SnapshotAsync(Token);
        }

        await host.RestartAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var retried = await ReceiveAsync(host, "attempt-1");

        Assert.Equal(["a1", "a2"], first.Select(m => m.Body));
        Assert.Equal(first.Select(m => m.ReceiptHandle), retried.Select(m => m.ReceiptHandle));
        Assert.Equal(first.Select(m => m.MessageId), retried.Select(m => m.MessageId));
    }

    [Fact]
    public async Task ReceiveRequestAttemptId_RetriedAfterRestartPastFiveMinutes_IsANewReceive()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q.fifo", new() { ["FifoQueue"] = "true", ["ContentBasedDeduplication"] = "true" });
        await host.Engine.SendAsync("q.fifo", "a1", group: "a");
        var first = Assert.Single(await ReceiveAsync(host, "attempt-1", visibility: 600));
        await host.Engine.SendAsync("q.fifo", "b1", group: "b");

        await host.RestartAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var retried = await ReceiveAsync(host, "attempt-1", visibility: 600);

        Assert.Equal(["b1"], retried.Select(m => m.Body)); // group a is still in flight; the attempt has expired
        Assert.NotEqual(first.ReceiptHandle, retried[0].ReceiptHandle);
    }

    private static async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(QueueHost host, string attemptId, int visibility = 60) =>
        await host.Engine.ReceiveMessagesAsync(
            "q.fifo",
            new ReceiveMessagesRequest { MaxNumberOfMessages = 10, VisibilityTimeout = visibility, WaitTimeSeconds = 0, ReceiveRequestAttemptId = attemptId },
            Token);
}

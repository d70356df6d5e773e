using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

public sealed class DeadLetterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<QueueDescription> CreatePairAsync(QueueHost host, int maxReceiveCount)
    {
        var dlq = await host.Engine.CreateAsync("dlq");
        await host.Engine.CreateAsync("source", new()
        {
            ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":{maxReceiveCount}}}",
        });
        return dlq;
    }

    [Fact]
    public async Task Receive_PastMaxReceiveCount_MovesTheMessageToTheDeadLetterQueue()
    {
        await using var host = await QueueHost.StartAsync();
        await CreatePairAsync(host, maxReceiveCount: 2);
        var sent = await host.Engine.SendAsync("source", "poison");

        Assert.Single(await host.Engine.ReceiveAsync("source", visibility: 0));
        Assert.Single(await host.Engine.ReceiveAsync("source", visibility: 0));
        Assert.Empty(await host.Engine.ReceiveAsync("source", visibility: 0));

        var dead = Assert.Single(await host.Engine.ReceiveAsync("dlq"));
        Assert.Equal(sent.MessageId, dead.MessageId);
        Assert.Equal("poison", dead.Body);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:source", dead.System.DeadLetterQueueSourceArn);
    }

    [Fact]
    public async Task DeadLetterMove_AfterRestart_IsInExactlyOneQueue()
    {
        await using var host = await QueueHost.StartAsync();
        await CreatePairAsync(host, maxReceiveCount: 1);
        await host.Engine.SendAsync("source", "poison");
        Assert.Single(await host.Engine.ReceiveAsync("source", visibility: 0));
        Assert.Empty(await host.Engine.ReceiveAsync("source", visibility: 0));

        await host.RestartAsync();

        Assert.Empty(await host.Engine.ReceiveAsync("source"));
        Assert.Equal(["poison"], (await host.Engine.ReceiveAsync("dlq")).Select(m => m.Body));
    }

    [Fact]
    public async Task MessageMoveTask_WithoutDestination_MovesMessagesBackToTheirSource()
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await CreatePairAsync(host, maxReceiveCount: 1);
        await host.Engine.SendAsync("source", "one");
        await host.Engine.SendAsync("source", "two");
        await host.Engine.ReceiveAsync("source", visibility: 0);
        Assert.Empty(await host.Engine.ReceiveAsync("source", visibility: 0));
        Assert.Equal("2", await host.Engine.AttributeAsync("dlq", "ApproximateNumberOfMessages"));

        var handle = await host.Engine.StartMessageMoveTaskAsync(dlq.Arn, null, null, Token);
        var task = await WaitForStatusAsync(host, dlq.Arn, "COMPLETED");

        Assert.Equal(handle, task.TaskHandle);
        Assert.Equal(2, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal(2, task.ApproximateNumberOfMessagesToMove);
        var back = await host.Engine.ReceiveAsync("source");
        Assert.Equal(["one", "two"], back.Select(m => m.Body).Order());
        Assert.All(back, m => Assert.Null(m.System.DeadLetterQueueSourceArn));
    }

    [Fact]
    public async Task StartMessageMoveTask_SourceIsNotADeadLetterQueue_Fails()
    {
        await using var host = await QueueHost.StartAsync();
        var plain = await host.Engine.CreateAsync("plain");

        var error = await QueueTesting.FailsAsync(() => host.Engine.StartMessageMoveTaskAsync(plain.Arn, null, null, Token));

        Assert.Equal(QueueErrorCode.InvalidParameterValue, error.Code);
    }

    [Theory]
    [InlineData("{\"redrivePermission\":\"denyAll\"}", false)]
    [InlineData("{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"arn:aws:sqs:us-east-1:000000000000:other\"]}", false)]
    [InlineData("{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"arn:aws:sqs:us-east-1:000000000000:source\"]}", true)]
    [InlineData("{\"redrivePermission\":\"allowAll\"}", true)]
    public async Task RedrivePolicy_DeadLetterQueueRedriveAllowPolicy_IsEnforced(string allowPolicy, bool allowed)
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await host.Engine.CreateAsync("dlq", new() { ["RedriveAllowPolicy"] = allowPolicy });
        var redrive = new Dictionary<string, string> { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":3}}" };

        var create = () => host.Engine.CreateAsync("source", redrive);

        if (allowed)
        {
            await create();
        }
        else
        {
            Assert.Equal(QueueErrorCode.InvalidParameterValue, (await QueueTesting.FailsAsync(create)).Code);
        }
    }

    private static async Task<MessageMoveTask> WaitForStatusAsync(QueueHost host, string arn, string status)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var task = (await host.Engine.ListMessageMoveTasksAsync(arn, 1, Token))[0];
            if (task.Status == status)
            {
                return task;
            }

            Assert.False(timeout.IsCancellationRequested, $"the move task stayed {task.Status}, never {status}");
            host.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }
    }
}

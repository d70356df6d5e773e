using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>
/// Message move tasks survive restarts: a running task resumes, finished ones stay listed with their counts
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html).
/// </summary>
public sealed class MoveTaskDurabilityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MoveTask_RunningAtRestart_ResumesAndCompletes(bool snapshotFirst)
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await DeadLetterFiveAsync(host);
        var handle = await host.Engine.StartMessageMoveTaskAsync(dlq.Arn, null, 2, Token);
        await WaitForMovedAsync(host, dlq.Arn, 2); // the first step; the next waits for the clock
        if (snapshotFirst)
        {
            await host.Storage.SnapshotAsync(Token);
        }

        await host.RestartAsync();
        var resumed = (await host.Engine.ListMessageMoveTasksAsync(dlq.Arn, 10, Token)).Single();
        var finished = await WaitForStatusAsync(host, dlq.Arn, "COMPLETED");

        Assert.Equal(handle, resumed.TaskHandle);
        Assert.Equal(handle, finished.TaskHandle);
        Assert.Equal(5, finished.ApproximateNumberOfMessagesMoved);
        Assert.Equal(5, finished.ApproximateNumberOfMessagesToMove);
        Assert.Equal(2, finished.MaxNumberOfMessagesPerSecond);
        Assert.Equal(resumed.StartedTimestamp, finished.StartedTimestamp);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], (await host.Engine.ReceiveAsync("source")).Select(m => m.Body).Order());
        Assert.Equal("0", await host.Engine.AttributeAsync("dlq", "ApproximateNumberOfMessages"));
    }

    [Fact]
    public async Task MoveTask_CancelledThenRestarted_StaysCancelledWithItsCount()
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await DeadLetterFiveAsync(host);
        await host.Engine.StartMessageMoveTaskAsync(dlq.Arn, null, 1, Token);
        await WaitForMovedAsync(host, dlq.Arn, 1);

        var movedAtCancel = await host.Engine.CancelMessageMoveTaskAsync((await host.Engine.ListMessageMoveTasksAsync(dlq.Arn, 1, Token))[0].TaskHandle, Token);
        await WaitForStatusAsync(host, dlq.Arn, "CANCELLED");
        await host.RestartAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(10));

        // The final status may show before its record is flushed (a crash then finds CANCELLING): the resumed runner
        // ends the task without moving anything more.
        var task = await WaitForStatusAsync(host, dlq.Arn, "CANCELLED");
        Assert.Single(await host.Engine.ListMessageMoveTasksAsync(dlq.Arn, 10, Token));
        Assert.Equal(1, movedAtCancel);
        Assert.Equal(1, task.ApproximateNumberOfMessagesMoved);
        Assert.Equal("4", await host.Engine.AttributeAsync("dlq", "ApproximateNumberOfMessages"));
    }

    [Fact]
    public async Task MoveTask_DestinationDeleted_FailsAndStaysFailedAfterRestart()
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await DeadLetterFiveAsync(host);
        var target = await host.Engine.CreateAsync("target");
        await host.Engine.StartMessageMoveTaskAsync(dlq.Arn, target.Arn, 1, Token);
        await WaitForMovedAsync(host, dlq.Arn, 1);

        await host.Engine.DeleteQueueAsync("target", Token);
        var failed = await WaitForStatusAsync(host, dlq.Arn, "FAILED");
        await host.RestartAsync();

        var task = (await host.Engine.ListMessageMoveTasksAsync(dlq.Arn, 10, Token)).Single();
        Assert.Equal("FAILED", task.Status);
        Assert.Equal(failed.FailureReason, task.FailureReason);
        Assert.NotNull(task.FailureReason);
        Assert.Equal(target.Arn, task.DestinationArn);
        Assert.Equal(1, task.ApproximateNumberOfMessagesMoved);
    }

    [Fact]
    public async Task ListMessageMoveTasks_AfterRestart_ListsFinishedTasksNewestFirst()
    {
        await using var host = await QueueHost.StartAsync();
        var dlq = await DeadLetterFiveAsync(host);
        var first = await host.Engine.StartMessageMoveTaskAsync(dlq.Arn, null, null, Token);
        await WaitForStatusAsync(host, dlq.Arn, "COMPLETED");
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var second = await host.Engine.StartMessageMoveTaskAsync(dlq.Arn, null, null, Token);
        await WaitForStatusAsync(host, dlq.Arn, "COMPLETED");

        await host.RestartAsync();

        var tasks = await host.Engine.ListMessageMoveTasksAsync(dlq.Arn, 10, Token);
        Assert.Equal([second, first], tasks.Select(t => t.TaskHandle));
        Assert.Equal([0L, 5L], tasks.Select(t => t.ApproximateNumberOfMessagesMoved));
    }

    /// <summary>A "source" queue whose five messages m0-m4 were dead-lettered into "dlq".</summary>
    private static async Task<QueueDescription> DeadLetterFiveAsync(QueueHost host)
    {
        var dlq = await host.Engine.CreateAsync("dlq");
        await host.Engine.CreateAsync("source", new() { ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlq.Arn}\",\"maxReceiveCount\":1}}" });
        for (var i = 0; i < 5; i++)
        {
            await host.Engine.SendAsync("source", $"m{i}");
        }

        Assert.Equal(5, (await host.Engine.ReceiveAsync("source", visibility: 0)).Count);
        Assert.Empty(await host.Engine.ReceiveAsync("source", visibility: 0));
        Assert.Equal("5", await host.Engine.AttributeAsync("dlq", "ApproximateNumberOfMessages"));
        return dlq;
    }

    /// <summary>Waits, without moving the clock, until the newest task has moved <paramref name="moved"/> messages.</summary>
    private static async Task WaitForMovedAsync(QueueHost host, string arn, long moved)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while ((await host.Engine.ListMessageMoveTasksAsync(arn, 1, Token))[0].ApproximateNumberOfMessagesMoved < moved)
        {
            Assert.False(timeout.IsCancellationRequested, $"the move task never moved {moved} message(s)");
            await Task.Yield();
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

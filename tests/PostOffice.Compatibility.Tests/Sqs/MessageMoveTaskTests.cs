using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>
/// Message move tasks across a SIGKILL: a task that was running resumes after the restart and ends COMPLETED
/// with every message back in its source queue; ListMessageMoveTasks keeps showing it with its counts.
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class MessageMoveTaskTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    private const int Count = 8;

    /// <summary>boto3 1.26 (the query client) predates the move-task actions; the JSON boto3 has them.</summary>
    [Fact]
    public async Task StartMessageMoveTask_ServerKilledWhileRunning_TaskResumesAndCompletes()
    {
        await server.EnsureRunningAsync();
        var client = SqsClient.Boto3Json;
        var prefix = ClientRunner.NewQueuePrefix("move_task", client);
        var start = (await PhaseAsync(client, prefix, "start")).AssertCompleted();
        var handle = start.Text("start.TaskHandle");
        start.Verify(() => start.Equal(handle, "listAtStart.Results[0].TaskHandle"));
        var startedAt = start.At("listAtStart.Results[0].StartedTimestamp").GetInt64();

        await server.KillAsync();
        await server.StartAsync();
        var after = (await PhaseAsync(client, prefix, "after")).AssertCompleted();

        after.Verify(() =>
        {
            after.Equal(startedAt, "listAfterRestart.Results[0].StartedTimestamp");
            after.Equal(Count, "listAfterRestart.Results[0].ApproximateNumberOfMessagesToMove");
            after.Equal("COMPLETED", "listFinal.Results[0].Status");
            after.Equal(startedAt, "listFinal.Results[0].StartedTimestamp");
            after.Equal(Count, "listFinal.Results[0].ApproximateNumberOfMessagesMoved");
            after.Equal(Count, "listFinal.Results[0].ApproximateNumberOfMessagesToMove");
            after.Equal(1, "listFinal.Results[0].MaxNumberOfMessagesPerSecond");
            after.Missing("listFinal.Results[0].TaskHandle"); // only RUNNING tasks show their handle
            after.Missing("listFinal.Results[1]");
            after.Equal([.. Enumerable.Range(0, Count).Select(n => $"moved-{n}")], "sourceBodies");
            after.Equal("0", "deadLetterAfter.Attributes.ApproximateNumberOfMessages");
        });
    }

    private Task<ClientRun> PhaseAsync(SqsClient client, string prefix, string phase) =>
        ClientRunner.RunAsync(client, "move_task_durability", server.Endpoint, prefix, new Dictionary<string, string> { ["PHASE"] = phase });
}

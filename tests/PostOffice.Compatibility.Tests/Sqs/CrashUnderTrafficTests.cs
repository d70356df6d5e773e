using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>
/// The server is SIGKILLed at a random moment while boto3 threads send, receive and delete (Scripts/python/traffic.py),
/// then restarted on the same data directory and drained. Every send it acknowledged must still be there unless its
/// delete was at least attempted; no message whose delete it acknowledged may come back.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class CrashUnderTrafficTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    [Theory]
    [InlineData(SqsClient.Boto3Json)]
    [InlineData(SqsClient.Boto3Query)]
    public async Task SigKill_DuringSendReceiveDelete_LosesNoAcknowledgedSendAndRevivesNoAcknowledgedDelete(SqsClient client)
    {
        await server.EnsureRunningAsync();
        var prefix = ClientRunner.NewQueuePrefix("traffic", client);
        var traffic = ClientRunner.RunAsync(client, "traffic", server.Endpoint, prefix, new Dictionary<string, string> { ["PHASE"] = "traffic" });

        // A random moment after the script has had time to start its threads (python and boto3 take ~1 s to load).
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2_500, 5_000)), TestContext.Current.CancellationToken);
        await server.KillAsync();
        var run = (await traffic).AssertCompleted();
        await server.StartAsync();
        var drain = (await ClientRunner.RunAsync(client, "traffic", server.Endpoint, prefix, new Dictionary<string, string> { ["PHASE"] = "drain" })).AssertCompleted();

        var sent = run.Texts("sent").ToHashSet();
        var deleted = run.Texts("deleted").ToHashSet();
        var deleting = run.Texts("deleting").ToHashSet();
        var drained = drain.Texts("drained").ToHashSet();
        var lost = sent.Where(body => !deleting.Contains(body) && !drained.Contains(body)).ToList();
        var revived = deleted.Where(drained.Contains).ToList();
        Assert.True(sent.Count > 0 && deleted.Count > 0, $"the traffic never got going: {sent.Count} sends and {deleted.Count} deletes acknowledged before the kill");
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged sends lost, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.True(revived.Count == 0, $"{revived.Count} acknowledged deletes came back, e.g. {string.Join(", ", revived.Take(5))}");
    }
}

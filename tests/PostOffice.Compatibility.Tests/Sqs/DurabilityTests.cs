using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>
/// What a client was told survives a crash: the server is SIGKILLed (no flush, no graceful close) and started again
/// on the same data directory and port. PostOffice acknowledges a write only once it is on disk (README, "Data
/// directory"). The scripts run in phases around the kill (Scripts/*/durability.*).
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class DurabilityTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    private const int Sent = 15;

    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task SendMessage_ServerKilledAndRestarted_EveryAcknowledgedMessageIsReceived(SqsClient client)
    {
        await server.EnsureRunningAsync();
        var prefix = ClientRunner.NewQueuePrefix("durability", client);
        var send = await SendAsync(client, prefix);
        var acknowledged = Messages(send, "sent");

        await server.KillAsync();
        await server.StartAsync();
        var receive = (await PhaseAsync(client, prefix, "receive", Sent)).AssertCompleted();

        receive.Verify(() =>
        {
            receive.Check(Messages(receive, "received").SetEquals(acknowledged), "received", $"exactly the {acknowledged.Count} acknowledged messages, with their ids");
            receive.Equal([], "receiveAfterAll.Messages");
        });
    }

    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task DeleteMessage_ServerKilledAndRestarted_DeletedMessagesStayDeleted(SqsClient client)
    {
        await server.EnsureRunningAsync();
        var prefix = ClientRunner.NewQueuePrefix("durability", client);
        await SendAsync(client, prefix);
        var delete = (await PhaseAsync(client, prefix, "receive-delete", Sent)).AssertCompleted();
        var kept = delete.Texts("kept");
        delete.Verify(() => delete.Check(kept.Count == 7 && delete.Texts("deleted").Count == 8, "kept", "7 kept and 8 deleted of the 15"));

        await server.KillAsync();
        await server.StartAsync();
        var receive = (await PhaseAsync(client, prefix, "receive", kept.Count)).AssertCompleted();

        receive.Verify(() =>
        {
            receive.Equal(kept, "received", "Body");
            receive.Equal([], "receiveAfterAll.Messages");
        });
    }

    private async Task<ClientRun> SendAsync(SqsClient client, string prefix)
    {
        var send = (await PhaseAsync(client, prefix, "send", expected: null)).AssertCompleted();
        send.Verify(() => send.Check(send.Items("sent").Count == Sent, "sent", $"{Sent} acknowledged messages"));
        return send;
    }

    private Task<ClientRun> PhaseAsync(SqsClient client, string prefix, string phase, int? expected)
    {
        var variables = new Dictionary<string, string> { ["PHASE"] = phase };
        if (expected is { } count)
        {
            variables["EXPECTED"] = $"{count}";
        }

        return ClientRunner.RunAsync(client, "durability", server.Endpoint, prefix, variables);
    }

    private static HashSet<(string MessageId, string Body)> Messages(ClientRun run, string path) =>
        [.. run.Values(path, "MessageId").Zip(run.Values(path, "Body"))];
}

using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// Persistent sessions and session takeover with paho-mqtt (Scripts/mqtt/python/persistent_session.py,
/// takeover.py). The persistent session script runs in phases (subscribe, publish while offline, receive) so that
/// the server can be restarted between them.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class SessionTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    private const int Count = 5;

    public static TheoryData<int> Versions => new(311, 5);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PersistentSession_MessagesPublishedWhileOffline_AreDeliveredOnReconnectWithSessionPresent(int version)
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "persistent_session", server, version)).AssertCompleted();

        VerifyDelivered(run);
        run.Verify(() => Assert.Equal(0, run.Number("firstSessionPresent")));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PersistentSession_ServerStoppedGracefullyAndRestarted_SubscriptionAndOfflineMessagesSurvive(int version)
    {
        await server.EnsureRunningAsync();
        var receive = await RunPhasesAsync(version, server.StopAndRestartAsync);

        VerifyDelivered(receive);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task PersistentSession_ServerKilledAndRestarted_SubscriptionAndAcknowledgedMessagesSurvive(int version)
    {
        server.RequirePostOffice("Mosquitto keeps sessions in memory and writes them only on shutdown or autosave, so a SIGKILL loses them");
        await server.EnsureRunningAsync();
        var receive = await RunPhasesAsync(version, server.KillAndRestartAsync);

        VerifyDelivered(receive);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Takeover_SecondConnectionWithSameClientId_ClosesTheFirstAndKeepsTheSecond(int version)
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "takeover", server, version)).AssertCompleted();

        run.Verify(() => Assert.Equal(["still-here"], run.Texts("secondReceived")));
    }

    [Fact]
    public async Task Takeover_Mqtt5_FirstConnectionGetsDisconnectSessionTakenOver()
    {
        server.RequirePostOffice("Mosquitto 2.0.11 closes the first connection without sending DISCONNECT 0x8E (section 4.13 makes the DISCONNECT optional)");
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "takeover", server, 5)).AssertCompleted();

        // MQTT 5.0 section 3.1.4: DISCONNECT with Reason Code 0x8E (Session taken over).
        run.Verify(() => Assert.Equal(0x8E, run.Number("firstDisconnectReason")));
    }

    private async Task<MqttRun> RunPhasesAsync(int version, Func<Task> restart)
    {
        var prefix = MqttScriptRunner.NewTopicPrefix("persistent_session");
        (await PhaseAsync("subscribe")).AssertCompleted();
        await restart();
        (await PhaseAsync("publish")).AssertCompleted();
        await restart();
        return (await PhaseAsync("receive")).AssertCompleted();

        Task<MqttRun> PhaseAsync(string phase) => MqttScriptRunner.RunAsync(
            MqttScript.Paho, "persistent_session", server, version, prefix, new Dictionary<string, string> { ["PHASE"] = phase, ["COUNT"] = $"{Count}" });
    }

    private static void VerifyDelivered(MqttRun run) => run.Verify(() =>
    {
        // MQTT-3.2.2-2 (3.1.1) and MQTT-3.2.2-2 (5.0): Session Present is 1 when the server had the session.
        Assert.Equal(1, run.Number("sessionPresent"));
        Assert.Equal([.. Enumerable.Range(0, Count).Select(index => $"offline-{index}")], run.Texts("payloads"));
        Assert.Equal(["1"], run.Texts("qos"));
    });
}

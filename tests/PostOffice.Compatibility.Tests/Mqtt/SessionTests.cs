using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// Persistent sessions and session takeover with paho-mqtt (Scripts/mqtt/python/persistent_session.py,
/// qos2_server_killed.py, takeover.py). The persistent session script runs in phases (subscribe, publish while
/// offline, receive) so that the server can be restarted between them; qos2_server_killed pauses while its clients
/// hold open exchanges, and the server is killed and restarted under them.
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
    public async Task PersistentSession_ServerKilledWithQos2ExchangesOpenBothWays_EachMessageIsDeliveredExactlyOnce(int version)
    {
        server.RequirePostOffice("Mosquitto keeps sessions in memory and writes them only on shutdown or autosave, so a SIGKILL loses them");
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "qos2_server_killed", server, version, atPause: server.KillAndRestartAsync)).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal(1, run.Number("subscriberSessionPresent"));
            Assert.Equal(1, run.Number("publisherSessionPresent"));

            // Exactly once: the publisher's resent PUBLISH was not routed again (MQTT-4.3.3-10).
            Assert.Equal(["in-flight", "unreleased", "end"], run.Texts("received", "payload"));
            Assert.Equal(["2"], run.Texts("received", "qos").Distinct());

            // The two messages in flight when the server died came again with DUP, the first with the Packet
            // Identifier it had on the wire before (MQTT-4.4.0-1).
            Assert.Equal(["True", "True", "False"], run.Texts("received", "dup"));
            Assert.Equal(run.Number("firstPacketIdentifier"), run.Number("received[0].mid"));
        });
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

using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// npm mqtt 5 (MQTT.js, Scripts/mqtt/node/pubsub.mjs) over TCP, TLS (verified against the test CA) and WebSocket
/// (<c>ws://…/mqtt</c>, subprotocol <c>mqtt</c>), in MQTT 3.1.1 and 5.0.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class MqttJsTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    public static TheoryData<string, int> TransportsAndVersions => new()
    {
        { "tcp", 311 }, { "tcp", 5 },
        { "tls", 311 }, { "tls", 5 },
        { "ws", 311 }, { "ws", 5 },
    };

    [Theory]
    [MemberData(nameof(TransportsAndVersions))]
    public async Task Publish_AtEachQos_SubscriberReceivesInOrder(string transport, int version)
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(
            MqttScript.MqttJs, "pubsub", server, version, variables: new Dictionary<string, string> { ["TRANSPORT"] = transport })).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal(["2"], run.Texts("granted"));
            Assert.Equal(["qos0", "qos1", "qos2"], run.Texts("received", "payload"));

            // Delivered at the lower of the publish and subscription QoS (MQTT-3.8.4-8, 5.0 MQTT-3.8.4-8).
            Assert.Equal(["0", "1", "2"], run.Texts("received", "qos"));
            if (version == 5)
            {
                Assert.Equal(transport, run.Text("received[2].userProperties.transport"));
            }
        });
    }
}

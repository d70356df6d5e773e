using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// npm mqtt 5 (MQTT.js, Scripts/mqtt/node/pubsub.mjs) over TCP, TLS (verified against the test CA) and WebSocket
/// (<c>ws://…/mqtt</c>, subprotocol <c>mqtt</c>), in MQTT 3.1.1 and 5.0; topic aliases from the server
/// (topic_aliases.mjs).
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

    [Fact]
    public async Task TopicAliases_SubscriberAcceptsFewerThanItsTopics_EveryMessageArrivesOnItsTopic()
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.MqttJs, "topic_aliases", server, 5)).AssertCompleted();

        run.Verify(() =>
        {
            string[] sequence = ["a", "b", "a", "c", "a", "b", "c", "c", "a", "b", "end"];
            var received = run.Items("received");
            Assert.Equal([.. sequence.Select((name, index) => name == "end" ? "end" : $"{name}-{index}")], run.Texts("received", "payload"));

            // MQTT.js resolved every alias (it closes the connection on an alias it does not know).
            Assert.Equal(
                [.. sequence.Select(name => $"/alias/{name}")],
                run.Texts("received", "topic").Select(topic => topic[topic.LastIndexOf("/alias/", StringComparison.Ordinal)..]));

            // [MQTT-3.3.2-11]: no alias above the Topic Alias Maximum the client sent (2).
            Assert.All(received, message => Assert.InRange(message.GetProperty("alias").GetInt32(), 0, 2));
            if (!server.IsMosquitto)
            {
                // Four topics over two aliases, the least recently used one reassigned: a topic is named when it takes
                // an alias, and a message on a topic that still holds its alias comes with an empty topic name.
                Assert.Equal(
                    ["named", "named", "aliased", "named", "aliased", "named", "named", "aliased", "named", "named", "named"],
                    received.Select(message => message.GetProperty("wireTopic").GetString()!.Length == 0 ? "aliased" : "named"));
                Assert.All(received, message => Assert.NotEqual(0, message.GetProperty("alias").GetInt32()));
            }
        });
    }
}

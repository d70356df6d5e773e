using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// Debian's mosquitto_pub and mosquitto_sub (Scripts/mqtt/shell): publish and subscribe at each QoS in MQTT 3.1.1
/// and 5.0, retained messages, and TLS verified with <c>--cafile</c>. Debian's mosquitto_sub has no WebSocket
/// transport (its help lists no such option); MqttJsTests covers WebSocket.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class MosquittoClientTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    public static TheoryData<int, int> QosAndVersion => new()
    {
        { 0, 311 }, { 1, 311 }, { 2, 311 },
        { 0, 5 }, { 1, 5 }, { 2, 5 },
    };

    public static TheoryData<int> Versions => new(311, 5);

    [Theory]
    [MemberData(nameof(QosAndVersion))]
    public async Task Publish_SubscriberAtSameQos_ReceivesEveryMessageInOrder(int qos, int version)
    {
        await server.EnsureRunningAsync();
        var run = (await RunAsync("pubsub", version, new() { ["QOS"] = $"{qos}" })).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal(["first", "second", "last"], run.Texts("received", "payload"));
            Assert.All(run.Texts("received", "qos"), actual => Assert.Equal($"{qos}", actual));
            Assert.All(run.Texts("received", "retain"), actual => Assert.Equal("False", actual));
        });
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Publish_OverTlsVerifiedWithCaFile_ReceivesEveryMessage(int version)
    {
        await server.EnsureRunningAsync();
        var run = (await RunAsync("pubsub", version, new() { ["QOS"] = "1", ["MQTT_TLS"] = "1" })).AssertCompleted();

        run.Verify(() => Assert.Equal(["first", "second", "last"], run.Texts("received", "payload")));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task RetainedMessage_LaterSubscriber_ReceivesItUntilAnEmptyRetainedPublishClearsIt(int version)
    {
        await server.EnsureRunningAsync();
        var run = (await RunAsync("retained", version, [])).AssertCompleted();

        run.Verify(() =>
        {
            // MQTT-3.3.1-6 and -8: a new subscription gets the retained message with RETAIN=1.
            Assert.Equal(["kept"], run.Texts("afterRetain", "payload"));
            Assert.Equal(["True"], run.Texts("afterRetain", "retain"));

            // MQTT-3.3.1-10 and -11: an empty retained payload removes it; only the live marker arrives.
            Assert.Equal(["marker"], run.Texts("afterClear", "payload"));
            Assert.Equal(["False"], run.Texts("afterClear", "retain"));
        });
    }

    private Task<MqttRun> RunAsync(string scenario, int version, Dictionary<string, string> variables) =>
        MqttScriptRunner.RunAsync(MqttScript.MosquittoClients, scenario, server, version, variables: variables);
}

using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// Delivery guarantees and MQTT 5.0 subscription and publish features with paho-mqtt (Scripts/mqtt/python): QoS 2
/// exactly once, shared subscriptions, No Local, Retain As Published, Subscription Identifiers, Topic Alias,
/// Message Expiry and the properties a server forwards unaltered.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class DeliveryTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    public static TheoryData<int> Versions => new(311, 5);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Qos2_ManyMessages_EachIsDeliveredExactlyOnceInOrder(int version)
    {
        var run = await RunAsync("qos2_exactly_once", version, new() { ["COUNT"] = "50" });

        run.Verify(() =>
        {
            Assert.Equal([.. Enumerable.Range(0, 50).Select(index => $"m-{index}"), "end"], run.Texts("payloads"));
            Assert.Equal(["2"], run.Texts("qos"));
        });
    }

    [Fact]
    public async Task SharedSubscription_TwoMembers_EachMessageGoesToExactlyOneMember()
    {
        var run = await RunAsync("shared_subscription", 5, new() { ["COUNT"] = "20" });

        run.Verify(() =>
        {
            string[] published = [.. Enumerable.Range(0, 20).Select(index => $"m-{index}"), "end"];
            Assert.Equal(published, run.Texts("ordinary"));

            // Section 4.8.2: each message goes to one member only (duplicates would show as extra deliveries); the
            // order across members is not defined.
            Assert.Equal(published.Order(StringComparer.Ordinal), run.Texts("group", "payload").Order(StringComparer.Ordinal));
            var members = run.Texts("group", "member");
            Assert.Contains("one", members);
            Assert.Contains("two", members);
        });
    }

    [Fact]
    public async Task NoLocal_OwnPublish_IsNotDeliveredBackButOthersAre()
    {
        var run = await RunAsync("no_local", 5);

        run.Verify(() =>
        {
            Assert.Equal(["other"], run.Texts("noLocal"));
            Assert.Equal(["own", "other"], run.Texts("plain"));
        });
    }

    [Fact]
    public async Task RetainAsPublished_LiveRetainedMessage_KeepsRetainFlagOnlyWithTheOption()
    {
        var run = await RunAsync("retain_as_published", 5);

        run.Verify(() =>
        {
            Assert.Equal(["stored", "live"], run.Texts("retainAsPublished", "payload"));
            Assert.Equal(["True", "True"], run.Texts("retainAsPublished", "retain"));
            Assert.Equal(["stored", "live"], run.Texts("plain", "payload"));
            Assert.Equal(["True", "False"], run.Texts("plain", "retain"));
        });
    }

    [Fact]
    public async Task SubscriptionIdentifier_MatchingSubscription_IdentifierIsSentWithTheMessage()
    {
        var run = await RunAsync("subscription_identifiers", 5);

        run.Verify(() =>
        {
            var received = run.Items("received");
            IReadOnlyList<long> Identifiers(string payload) =>
            [
                .. received.Where(message => message.GetProperty("payload").GetString() == payload)
                    .SelectMany(message => message.TryGetProperty("subscriptionIdentifiers", out var ids) ? ids.EnumerateArray().Select(id => id.GetInt64()) : [])
                    .Order(),
            ];

            Assert.Equal([7L], Identifiers("a"));
            Assert.Equal([268435455L], Identifiers("b"));
            Assert.Empty(Identifiers("c"));

            // Two matching subscriptions: one copy with both identifiers or one copy each (MQTT-3.3.4-4, -5).
            Assert.Equal([5L, 6L], Identifiers("o"));
        });
    }

    [Fact]
    public async Task TopicAlias_PublishWithEmptyTopicAndAlias_IsDeliveredOnTheAliasedTopic()
    {
        var run = await RunAsync("topic_alias", 5);

        run.Verify(() =>
        {
            Assert.True(run.Number("topicAliasMaximum") >= 1, "CONNACK Topic Alias Maximum should allow alias 1");
            Assert.Equal(["named", "aliased-1", "aliased-2"], run.Texts("received", "payload"));
            Assert.All(run.Texts("received", "topic"), topic => Assert.EndsWith("/alias", topic, StringComparison.Ordinal));
            Assert.All(run.Items("received"), message => Assert.False(message.TryGetProperty("topicAlias", out _), "no alias towards a client that allowed none"));
        });
    }

    [Fact]
    public async Task MessageExpiry_OfflineSession_ExpiredMessageIsDroppedAndTheRestCarryTheRemainingInterval()
    {
        var run = await RunAsync("message_expiry", 5);

        run.Verify(() =>
        {
            Assert.Equal(600, run.Number("live[0].messageExpiryInterval"));
            Assert.Equal(1, run.Number("sessionPresent"));
            Assert.Equal(["long", "forever"], run.Texts("offline", "payload"));

            // The long message waited at least the clock's 3 s will delay: its interval went down (MQTT-3.3.2-6).
            Assert.InRange(run.Number("offline[0].messageExpiryInterval"), 1, 599);
            Assert.False(run.Has("offline[1].messageExpiryInterval"), "a message published without an interval gets none");
        });
    }

    [Fact]
    public async Task PublishProperties_UserPropertiesContentTypeResponseTopicCorrelationData_AreForwardedUnaltered()
    {
        var run = await RunAsync("properties", 5);

        run.Verify(() =>
        {
            Assert.Equal("{\"a\": 1}", run.Text("received[0].payload"));
            Assert.Equal(
                ["[\"colour\",\"blue\"]", "[\"size\",\"10\"]", "[\"colour\",\"red\"]"],
                run.Items("received[0].userProperties").Select(pair => pair.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal)));
            Assert.Equal("application/json", run.Text("received[0].contentType"));
            Assert.EndsWith("/reply", run.Text("received[0].responseTopic"), StringComparison.Ordinal);
            Assert.Equal(Convert.ToBase64String([0x00, 0x01, .. "corr"u8, 0xFF]), run.Text("received[0].correlationData"));
            Assert.Equal(1, run.Number("received[0].payloadFormatIndicator"));
        });
    }

    private async Task<MqttRun> RunAsync(string scenario, int version, Dictionary<string, string>? variables = null)
    {
        await server.EnsureRunningAsync();
        return (await MqttScriptRunner.RunAsync(MqttScript.Paho, scenario, server, version, variables: variables)).AssertCompleted();
    }
}

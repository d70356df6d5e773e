using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>Will messages with paho-mqtt (Scripts/mqtt/python/will.py, will_delay.py).</summary>
[Trait("Category", "Compatibility")]
public sealed class WillTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    public static TheoryData<int> Versions => new(311, 5);

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Will_AbnormalDisconnect_IsPublishedButNotAfterNormalDisconnect(int version)
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "will", server, version)).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal(["aborted-will"], run.Texts("received", "payload"));
            Assert.EndsWith("/wills/aborted", run.Text("received[0].topic"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task WillDelay_Mqtt5_DelaysTheWillAndDropsItWhenTheClientReconnects()
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "will_delay", server, 5)).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal(1, run.Number("reconnectSessionPresent"));

            // The will without delay overtakes the delayed one; the reconnected client's will never comes.
            Assert.Equal(["immediate-will", "delayed-will"], run.Texts("received", "payload"));
        });
    }
}

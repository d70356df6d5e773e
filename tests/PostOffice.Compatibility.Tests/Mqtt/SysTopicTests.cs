using System.Globalization;
using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>$SYS topics with paho-mqtt (Scripts/mqtt/python/sys_topics.py).</summary>
[Trait("Category", "Compatibility")]
public sealed class SysTopicTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    [Fact]
    public async Task SysTopics_BrokerVersionAndClientsConnected_ArePublishedAndNotMatchedByHash()
    {
        await server.EnsureRunningAsync();
        var run = (await MqttScriptRunner.RunAsync(MqttScript.Paho, "sys_topics", server, 311)).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal("$SYS/broker/version", run.Text("version.topic"));
            Assert.False(string.IsNullOrWhiteSpace(run.Text("version.payload")), "the version is named");
            Assert.Equal("$SYS/broker/clients/connected", run.Text("clientsConnected.topic"));

            // The subscribing client itself is connected.
            Assert.True(long.TryParse(run.Text("clientsConnected.payload"), NumberStyles.None, CultureInfo.InvariantCulture, out var connected) && connected >= 1,
                $"clients connected should be a count of at least 1, is \"{run.Text("clientsConnected.payload")}\"");

            // MQTT-4.7.2-1: "#" does not match topics beginning with "$"; only the marker arrives.
            Assert.Single(run.Texts("hashTopics"));
            Assert.EndsWith("/marker", run.Texts("hashTopics")[0], StringComparison.Ordinal);
        });
    }
}

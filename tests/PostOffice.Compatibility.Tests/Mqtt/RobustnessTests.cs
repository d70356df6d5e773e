using PostOffice.Compatibility.Tests.Harness.Mqtt;

namespace PostOffice.Compatibility.Tests.Mqtt;

/// <summary>
/// A malformed packet closes only the connection that sent it, and a subscriber that stops reading does not hold
/// up the others. The offending side is a raw socket (<see cref="RawMqttConnection"/>); the well-behaved side is
/// Debian's mosquitto_sub and paho-mqtt.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class RobustnessTests(MqttServerFixture server) : IClassFixture<MqttServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(MqttScriptRunner.WaitSeconds);

    private static readonly (string Name, bool ConnectFirst, byte[] Packet)[] Malformed =
    [
        // MQTT-3.1.0-1: the first packet must be CONNECT; PINGREQ is not.
        ("first packet not CONNECT", false, [0xC0, 0x00]),

        // Section 2.2.3 (1.5.5 in 5.0): a Remaining Length takes at most four bytes; this one has a fifth.
        ("remaining length over four bytes", true, [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),

        // Section 2.2.1: packet type 0 is reserved.
        ("reserved packet type 0", true, [0x00, 0x00]),

        // MQTT-3.3.1-4: a PUBLISH must not have both QoS bits set. Topic "a", packet id 1, payload "x" (the 5.0
        // case adds an empty property list before the payload).
        ("PUBLISH with QoS 3", true, [0x36, 0x06, 0x00, 0x01, (byte)'a', 0x00, 0x01, (byte)'x']),
    ];

    /// <summary>Each malformed packet in MQTT 3.1.1 and 5.0: the name, the version.</summary>
    public static TheoryData<string, int> MalformedPackets
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var version in new[] { 311, 5 })
            {
                // Without a CONNECT the version is never said: one case covers both.
                foreach (var (name, _, _) in Malformed.Where(malformed => malformed.ConnectFirst || version == 311))
                {
                    data.Add(name, version);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedPackets))]
    public async Task MalformedPacket_FromOneClient_ClosesThatConnectionOnlyAndOthersKeepWorking(string name, int version)
    {
        var (_, connectFirst, packet) = Malformed.Single(malformed => malformed.Name == name);
        if (version == 5 && packet[0] == 0x36)
        {
            // The same PUBLISH with the 5.0 property length (0) after the packet id.
            packet = [0x36, 0x07, 0x00, 0x01, (byte)'a', 0x00, 0x01, 0x00, (byte)'x'];
        }

        await server.EnsureRunningAsync();
        var topic = $"{MqttScriptRunner.NewTopicPrefix("malformed")}/bystander";
        await using var bystander = ChildProcess.Start("stdbuf", ["-oL", "mosquitto_sub", .. Connection(), "-d", "-q", "1", "-t", topic, "-F", "msg|%p"]);
        await bystander.WaitForLineAsync("received SUBACK", Wait, "the bystander's SUBACK");

        using var offender = await RawMqttConnection.OpenAsync(server.Port);
        if (connectFirst)
        {
            await offender.ConnectAsync($"offender-{Guid.NewGuid():N}"[..20], version);
        }

        await offender.SendAsync(packet);
        var beforeClose = await offender.ReadUntilClosedAsync($"close after {name}");

        // Section 4.13: a 5.0 server may send a DISCONNECT with an error reason code first; nothing else may come.
        Assert.True(
            beforeClose.Length == 0 || (version == 5 && beforeClose is [0xE0, _, >= 0x80, ..]),
            $"only a DISCONNECT with an error reason may precede the close, got {Convert.ToHexString(beforeClose)}");

        await RunToEndAsync("mosquitto_pub", [.. Connection(), "-q", "1", "-t", topic, "-m", "after"]);
        var line = await bystander.WaitForLineAsync("msg|", Wait, "the bystander receiving the message published after the malformed packet");
        Assert.Equal("msg|after", line);
    }

    [Fact]
    public async Task SlowSubscriber_NeverReading_DoesNotHoldUpAFastSubscriberOfTheSameTopic()
    {
        const int Count = 100;
        const int Size = 100 * 1024;
        await server.EnsureRunningAsync();
        var prefix = MqttScriptRunner.NewTopicPrefix("fan_out");

        // A small receive buffer, set before connecting, fills after a few kilobytes; the server must then hold
        // or drop this subscriber's messages while the fast one keeps getting its own.
        using var slow = await RawMqttConnection.OpenAsync(server.Port, receiveBufferSize: 4096);
        await slow.ConnectAsync($"slow-{Guid.NewGuid():N}"[..20]);
        await slow.SubscribeAsync($"{prefix}/fan-out", qos: 0);

        var run = (await MqttScriptRunner.RunAsync(
            MqttScript.Paho, "fan_out", server, 311, prefix, new Dictionary<string, string> { ["COUNT"] = $"{Count}", ["SIZE"] = $"{Size}" })).AssertCompleted();

        run.Verify(() =>
        {
            Assert.Equal(Count, run.Number("received"));
            Assert.Equal([.. Enumerable.Range(0, Count).Select(index => $"{index}")], run.Texts("indexes"));
            Assert.Equal([$"{Size}"], run.Texts("sizes"));

            // The slow subscriber's socket holds at most its small buffer's worth of the 10 MB sent: the server
            // could not push the rest to it, and the fast subscriber got everything regardless.
            Assert.InRange(slow.Socket.Available, 0, Count * Size / 10);
        });
    }

    private IEnumerable<string> Connection() => ["-h", MqttServerFixture.Host, "-p", $"{server.Port}", "-V", "311"];

    private static async Task RunToEndAsync(string program, IEnumerable<string> arguments)
    {
        await using var process = ChildProcess.Start(program, arguments);
        await process.WaitForExitAsync(Wait, $"{program} to finish");
    }
}

using System.Globalization;
using System.Net;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>The <c>mqtt-pubsub</c> run. <see cref="Rate"/> 0 means as fast as the in-flight window allows.</summary>
public sealed record MqttPubSubSettings
{
    public required IPEndPoint Server { get; init; }

    public MqttProtocolVersion Version { get; init; } = MqttProtocolVersion.V311;

    public int Publishers { get; init; } = 1;

    public int Subscribers { get; init; } = 1;

    public int Topics { get; init; } = 1;

    public int Qos { get; init; }

    public int PayloadSize { get; init; } = 64;

    /// <summary>Messages per second over all publishers; 0 for the maximum rate.</summary>
    public double Rate { get; init; }

    /// <summary>Per publisher: unacknowledged messages (QoS 1/2), or not yet received by the topic's first subscriber (QoS 0).</summary>
    public int Inflight { get; init; } = 100;

    /// <summary>
    /// QoS 1/2 publishes awaiting acknowledgement, per publisher; 0 takes the server's Receive Maximum from a 5.0
    /// CONNACK (65,535 when absent) or <see cref="DefaultReceiveMaximum311"/> under 3.1.1, which has no such signal.
    /// </summary>
    public int ReceiveMaximum { get; init; }

    /// <summary>Mosquitto's default max_inflight_messages, and the usual client in-flight limit (Paho) under 3.1.1.</summary>
    public const int DefaultReceiveMaximum311 = 20;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait after the last publish for deliveries and acknowledgements still on their way.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A cap on messages over all publishers, warm-up included.</summary>
    public long MaxMessages { get; init; } = 50_000_000;

    public ushort KeepAliveSeconds { get; init; } = 60;

    /// <summary>
    /// Subscribers connect with a session the server keeps (Clean Session 0 / Clean Start 0 with an expiry), so a
    /// broker that persists sessions must store each QoS 1/2 message for them before acknowledging the publish.
    /// </summary>
    public bool PersistentSubscribers { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Loopback source addresses to spread the connections over; empty to let the kernel choose.</summary>
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Describe() =>
    [
        KeyValuePair.Create("protocol", Version == MqttProtocolVersion.V500 ? "5.0" : "3.1.1"),
        KeyValuePair.Create("publishers", Publishers.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("subscribers", Subscribers.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("topics", Topics.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("qos", Qos.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("payload_bytes", PayloadSize.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("rate", Rate == 0 ? "max" : Rate.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("inflight", Inflight.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("subscriber_sessions", PersistentSubscribers ? "persistent" : "clean"),
        KeyValuePair.Create("receive_maximum", ReceiveMaximum == 0 ? "server's" : ReceiveMaximum.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("duration_s", Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("warmup_s", Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
    ];
}

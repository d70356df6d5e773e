namespace PostOffice.Mqtt.Packets;

/// <summary>One Topic Filter of SUBSCRIBE with its Subscription Options (3.8.3.1).</summary>
public sealed class MqttSubscription
{
    public string TopicFilter { get; set; } = string.Empty;

    public MqttQualityOfService MaximumQualityOfService { get; set; }

    /// <summary>5.0 only.</summary>
    public bool NoLocal { get; set; }

    /// <summary>5.0 only.</summary>
    public bool RetainAsPublished { get; set; }

    /// <summary>5.0 only.</summary>
    public MqttRetainHandling RetainHandling { get; set; }

    internal byte GetOptions(MqttProtocolVersion version) => version == MqttProtocolVersion.V311
        ? (byte)MaximumQualityOfService
        : (byte)((int)MaximumQualityOfService | (NoLocal ? 0x04 : 0) | (RetainAsPublished ? 0x08 : 0) | ((int)RetainHandling << 4));
}

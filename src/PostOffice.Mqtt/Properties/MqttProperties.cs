namespace PostOffice.Mqtt.Properties;

/// <summary>
/// An MQTT 5.0 property block (2.2.2). Null means "absent". Byte-valued booleans stay bytes so the model
/// holds exactly what was on the wire. Used only at protocol level 5; 3.1.1 packets carry no properties.
/// </summary>
public sealed partial class MqttProperties
{
    // The two lists are created on first use, so a packet without them allocates only this object.
    private List<int>? _subscriptionIdentifiers;
    private List<MqttUserProperty>? _userProperties;

    public byte? PayloadFormatIndicator { get; set; }

    public uint? MessageExpiryInterval { get; set; }

    public string? ContentType { get; set; }

    public string? ResponseTopic { get; set; }

    public byte[]? CorrelationData { get; set; }

    /// <summary>One value in SUBSCRIBE; zero or more in PUBLISH (3.3.2.3.8).</summary>
    public List<int> SubscriptionIdentifiers => _subscriptionIdentifiers ??= [];

    public uint? SessionExpiryInterval { get; set; }

    public string? AssignedClientIdentifier { get; set; }

    public ushort? ServerKeepAlive { get; set; }

    public string? AuthenticationMethod { get; set; }

    public byte[]? AuthenticationData { get; set; }

    public byte? RequestProblemInformation { get; set; }

    public uint? WillDelayInterval { get; set; }

    public byte? RequestResponseInformation { get; set; }

    public string? ResponseInformation { get; set; }

    public string? ServerReference { get; set; }

    public string? ReasonString { get; set; }

    public ushort? ReceiveMaximum { get; set; }

    public ushort? TopicAliasMaximum { get; set; }

    public ushort? TopicAlias { get; set; }

    public byte? MaximumQoS { get; set; }

    public byte? RetainAvailable { get; set; }

    public List<MqttUserProperty> UserProperties => _userProperties ??= [];

    public uint? MaximumPacketSize { get; set; }

    public byte? WildcardSubscriptionAvailable { get; set; }

    public byte? SubscriptionIdentifierAvailable { get; set; }

    public byte? SharedSubscriptionAvailable { get; set; }
}

namespace PostOffice.Mqtt.Properties;

/// <summary>Where a property block appears; decides which identifiers are allowed (table 2-4).</summary>
public enum MqttPropertyContext
{
    Connect,
    Will,
    ConnAck,
    Publish,

    /// <summary>PUBACK, PUBREC, PUBREL and PUBCOMP share one set.</summary>
    PublishResponse,
    Subscribe,
    SubAck,
    Unsubscribe,
    UnsubAck,
    Disconnect,
    Auth,
}

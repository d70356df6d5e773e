namespace PostOffice.Mqtt.Packets;

/// <summary>MQTT 3.1.1 Connect Return Codes (3.1.1 section 3.2.2.3, table 3.1).</summary>
public enum MqttConnectReturnCode : byte
{
    Accepted = 0x00,
    UnacceptableProtocolVersion = 0x01,
    IdentifierRejected = 0x02,
    ServerUnavailable = 0x03,
    BadUserNameOrPassword = 0x04,
    NotAuthorized = 0x05,
}

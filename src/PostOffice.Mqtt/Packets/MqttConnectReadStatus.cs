namespace PostOffice.Mqtt.Packets;

/// <summary>Outcomes of reading CONNECT that the server answers differently from a Malformed Packet.</summary>
public enum MqttConnectReadStatus
{
    Success,

    /// <summary>
    /// The Protocol Level is not 4 or 5. The server answers CONNACK 0x01 (3.1.1, [MQTT-3.1.2-2]) or 0x84
    /// (5.0, [MQTT-3.1.2-2]) and closes the connection.
    /// </summary>
    UnsupportedProtocolVersion,

    /// <summary>The Protocol Name is not "MQTT" (e.g. MQTT 3.1's "MQIsdp"): [MQTT-3.1.2-1], close the connection.</summary>
    UnsupportedProtocolName,
}

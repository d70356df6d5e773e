namespace PostOffice.Mqtt;

/// <summary>The protocol level byte of CONNECT: 4 for MQTT 3.1.1, 5 for MQTT 5.0.</summary>
public enum MqttProtocolVersion : byte
{
    V311 = 4,
    V500 = 5,
}

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>The protocol level byte of CONNECT (MQTT-3.1.2-2).</summary>
public enum MqttProtocolVersion : byte
{
    V311 = 4,
    V500 = 5,
}

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>
/// A CONNACK: the return code (3.1.1) or reason code (5.0), 0 meaning accepted, and the 5.0 properties this client
/// obeys: Receive Maximum (how many QoS 1/2 publishes may await acknowledgement) and Server Keep Alive.
/// </summary>
public readonly record struct MqttConnAck(byte Code, ushort? ReceiveMaximum, ushort? ServerKeepAlive);

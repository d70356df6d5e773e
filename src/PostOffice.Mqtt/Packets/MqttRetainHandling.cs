namespace PostOffice.Mqtt.Packets;

/// <summary>Retain Handling subscription option (5.0, 3.8.3.1).</summary>
public enum MqttRetainHandling : byte
{
    SendAtSubscribe = 0,
    SendAtSubscribeIfNew = 1,
    DoNotSend = 2,
}

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>The server sent something this client cannot accept: a malformed packet or a refusal.</summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException()
    {
    }

    public MqttProtocolException(string message)
        : base(message)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

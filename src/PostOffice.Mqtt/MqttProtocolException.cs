using System.Diagnostics.CodeAnalysis;

namespace PostOffice.Mqtt;

/// <summary>
/// A received packet broke the protocol. <see cref="ReasonCode"/> is the MQTT 5.0 reason code to send in
/// DISCONNECT (or CONNACK while connecting); an MQTT 3.1.1 connection is simply closed.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    public MqttProtocolException()
        : this(MqttReasonCode.MalformedPacket, "Malformed Packet")
    {
    }

    public MqttProtocolException(string message)
        : this(MqttReasonCode.MalformedPacket, message)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = MqttReasonCode.MalformedPacket;
    }

    public MqttProtocolException(MqttReasonCode reasonCode, string message)
        : base(message)
    {
        ReasonCode = reasonCode;
    }

    public MqttReasonCode ReasonCode { get; }

    [DoesNotReturn]
    internal static void ThrowMalformed(string message) =>
        throw new MqttProtocolException(MqttReasonCode.MalformedPacket, message);

    [DoesNotReturn]
    internal static void ThrowProtocolError(string message) =>
        throw new MqttProtocolException(MqttReasonCode.ProtocolError, message);

    [DoesNotReturn]
    internal static void Throw(MqttReasonCode reasonCode, string message) =>
        throw new MqttProtocolException(reasonCode, message);
}

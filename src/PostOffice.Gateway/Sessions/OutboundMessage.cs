using PostOffice.Gateway.Messages;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Sessions;

/// <summary>Where a QoS 1 or 2 message stands towards one session's client.</summary>
internal enum OutboundState : byte
{
    /// <summary>Queued: not sent on the current connection yet (or not at all).</summary>
    Queued,

    /// <summary>PUBLISH sent; waiting for PUBACK (QoS 1) or PUBREC (QoS 2).</summary>
    AwaitingAcknowledgement,

    /// <summary>PUBREC received and PUBREL sent; waiting for PUBCOMP (QoS 2).</summary>
    AwaitingCompletion,
}

/// <summary>One message on its way to one session: the unit of the session's queue and in-flight window.</summary>
internal sealed class OutboundMessage(MqttMessage message, MqttQualityOfService qos, bool retain, uint[]? subscriptionIdentifiers, object? sharedGroup)
{
    public MqttMessage Message { get; } = message;

    /// <summary>The QoS it is delivered at: the lower of the published QoS and the subscription's maximum.</summary>
    public MqttQualityOfService QualityOfService { get; } = qos;

    public bool Retain { get; } = retain;

    public uint[]? SubscriptionIdentifiers { get; } = subscriptionIdentifiers;

    /// <summary>The shared subscription group it was delivered through, if any: it goes to another member if this one leaves.</summary>
    public object? SharedGroup { get; } = sharedGroup;

    /// <summary>
    /// True when the message's durable copy lists this session (a persistent session it was queued for when
    /// published): its packet identifier and acknowledgements are then recorded too, so a restart resumes its delivery.
    /// </summary>
    public bool Stored { get; init; }

    public OutboundState State { get; set; }

    public ushort PacketIdentifier { get; set; }

    /// <summary>True once it has been sent at least once: a resend carries DUP [MQTT-3.3.1-1].</summary>
    public bool Sent { get; set; }
}

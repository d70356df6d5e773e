using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// The options a SUBSCRIBE gives one Topic Filter (3.8.3.1), plus its Subscription Identifier (3.8.2.1.2). Eight bytes,
/// stored next to each subscriber, so the delivery path reads them without another lookup.
/// </summary>
public readonly struct SubscriptionOptions : IEquatable<SubscriptionOptions>
{
    /// <param name="maximumQoS">The highest QoS the server may deliver with on this subscription.</param>
    /// <param name="noLocal">Do not deliver the session's own publications back to it (never set on a shared subscription).</param>
    /// <param name="retainAsPublished">Forward the RETAIN flag as published rather than clearing it.</param>
    /// <param name="retainHandling">Whether retained messages are sent when the subscription is made.</param>
    /// <param name="subscriptionIdentifier">1 to 268,435,455; 0 means none.</param>
    public SubscriptionOptions(
        MqttQualityOfService maximumQoS,
        bool noLocal = false,
        bool retainAsPublished = false,
        MqttRetainHandling retainHandling = MqttRetainHandling.SendAtSubscribe,
        uint subscriptionIdentifier = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)maximumQoS, (byte)MqttQualityOfService.ExactlyOnce, nameof(maximumQoS));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((byte)retainHandling, (byte)MqttRetainHandling.DoNotSend, nameof(retainHandling));
        // 3.8.2.1.2: the identifier is a Variable Byte Integer of 1 to 268,435,455.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subscriptionIdentifier, 268_435_455u, nameof(subscriptionIdentifier));
        MaximumQoS = maximumQoS;
        NoLocal = noLocal;
        RetainAsPublished = retainAsPublished;
        RetainHandling = retainHandling;
        SubscriptionIdentifier = subscriptionIdentifier;
    }

    public MqttQualityOfService MaximumQoS { get; }

    public bool NoLocal { get; }

    public bool RetainAsPublished { get; }

    public MqttRetainHandling RetainHandling { get; }

    /// <summary>0 when the SUBSCRIBE carried none.</summary>
    public uint SubscriptionIdentifier { get; }

    public bool Equals(SubscriptionOptions other) =>
        MaximumQoS == other.MaximumQoS && NoLocal == other.NoLocal && RetainAsPublished == other.RetainAsPublished
        && RetainHandling == other.RetainHandling && SubscriptionIdentifier == other.SubscriptionIdentifier;

    public override bool Equals(object? obj) => obj is SubscriptionOptions other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(MaximumQoS, NoLocal, RetainAsPublished, RetainHandling, SubscriptionIdentifier);

    public static bool operator ==(SubscriptionOptions left, SubscriptionOptions right) => left.Equals(right);

    public static bool operator !=(SubscriptionOptions left, SubscriptionOptions right) => !left.Equals(right);
}

using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Sessions;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Persistence;

/// <summary>
/// Where the gateway makes persistent sessions and retained messages durable. Each method describes a change the
/// broker has already made in memory; the returned task completes once the change is durable.
/// </summary>
internal interface IMqttSessionStore
{
    /// <summary>The session's expiry and subscriptions (called with the session's gate held: it captures them).</summary>
    ValueTask SaveSession(MqttSession session);

    ValueTask RemoveSession(MqttSession session);

    /// <summary>
    /// What one PUBLISH made that must survive a restart, as one chunk: the topic's retained message or its removal
    /// (<paramref name="retained"/>), the message queued for persistent sessions (<paramref name="targets"/>, when
    /// any), and the QoS 2 packet identifier a persistent publisher now awaits PUBREL with (when
    /// <paramref name="publisherSessionId"/> is not 0).
    /// </summary>
    ValueTask StorePublish(MqttMessage message, bool retained, ReadOnlySpan<StoredTarget> targets, long publisherSessionId, ushort packetIdentifier);

    /// <summary>
    /// A session's delivery progress, as one chunk: a stored message it no longer holds or has released (when
    /// <paramref name="storeId"/> is not 0; <paramref name="released"/>: PUBREL sent, PUBCOMP awaited), and the stored
    /// messages it has since sent, with their packet identifiers. Called with the session's gate held.
    /// </summary>
    ValueTask RecordDelivery(long sessionId, long storeId, ushort packetIdentifier, bool released, IReadOnlyList<OutboundMessage> sent);

    /// <summary>The client released a QoS 2 packet identifier (PUBREL). Called with the session's gate held.</summary>
    ValueTask ReleaseIncoming(long sessionId, ushort packetIdentifier);

    /// <summary>Assigns the id a message's durable copy will have (before the message is handed to sessions).</summary>
    long NextMessageId();
}

/// <summary>
/// A persistent session a stored message is queued for, with its copy's QoS, retain flag and subscription
/// identifiers, and the packet identifier it was sent with at once (0: queued).
/// </summary>
internal readonly record struct StoredTarget(
    long SessionId, MqttQualityOfService QualityOfService, bool Retain, ushort PacketIdentifier, uint[]? SubscriptionIdentifiers);

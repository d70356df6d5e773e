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

    /// <summary>A QoS 1 or 2 message queued for persistent sessions; assigns <see cref="MqttMessage.StoreId"/>.</summary>
    ValueTask StoreMessage(MqttMessage message, ReadOnlySpan<StoredTarget> targets);

    /// <summary>A message a session no longer holds (delivered, or dropped); <paramref name="released"/>: PUBREL sent, awaiting PUBCOMP.</summary>
    ValueTask Acknowledge(long sessionId, long storeId, ushort packetIdentifier, bool released);

    /// <summary>The retained message of a topic, or its removal (null).</summary>
    ValueTask SetRetained(string topic, MqttMessage? message);

    /// <summary>Assigns the id a message's durable copy will have (before the message is handed to sessions).</summary>
    long NextMessageId();
}

/// <summary>A persistent session a stored message is queued for, with the QoS and retain flag of its copy.</summary>
internal readonly record struct StoredTarget(long SessionId, MqttQualityOfService QualityOfService, bool Retain);

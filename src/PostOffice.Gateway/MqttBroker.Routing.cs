using System.Diagnostics.CodeAnalysis;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Persistence;
using PostOffice.Gateway.Routing;
using PostOffice.Gateway.Sessions;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway;

public sealed partial class MqttBroker
{
    /// <summary>
    /// Routes a message to every matching session and updates the retained store. The returned task completes once
    /// everything the message produced that must survive a restart is durable: its retained copy, and its copy for
    /// each persistent session it was queued for. The publisher is acknowledged only then (ARCH §2).
    /// </summary>
    internal ValueTask Publish(MqttMessage message, out bool matched)
    {
        var now = Now;
        ValueTask retained = default;
        if (message.Retain)
        {
            retained = UpdateRetained(message);
        }

        var deliveries = _threadDeliveries ??= [];
        deliveries.Clear();
        var collector = new DeliveryCollector(deliveries);
        Subscriptions.Match(message.Topic, ref collector);
        matched = deliveries.Count > 0;
        if (!matched)
        {
            return retained;
        }

        ResolveSharedGroups(deliveries);
        MergeOverlapping(deliveries);
        var persistentTargets = deliveries.Count <= 32 ? stackalloc StoredTarget[deliveries.Count] : new StoredTarget[deliveries.Count];
        var persistentCount = 0;
        foreach (var delivery in deliveries)
        {
            var qos = (MqttQualityOfService)Math.Min((byte)message.QualityOfService, (byte)delivery.Qos);
            if (delivery.NoLocal && string.Equals(delivery.Session.ClientId, message.PublisherClientId, StringComparison.Ordinal))
            {
                continue; // [MQTT-3.8.3-3]
            }

            var retain = delivery.RetainAsPublished && message.Retain; // [MQTT-3.3.1-12], [MQTT-3.3.1-13]
            if (qos == MqttQualityOfService.AtMostOnce)
            {
                SendAtMostOnce(delivery.Session, message, retain, delivery.SubscriptionIdentifiers, now);
                continue;
            }

            if (delivery.Session.IsPersistent && _store is not null)
            {
                if (message.StoreId == 0)
                {
                    message.StoreId = _store.NextMessageId();
                }

                persistentTargets[persistentCount++] = new StoredTarget(delivery.Session.Id, qos, retain);
            }

            Deliver(delivery.Session, new OutboundMessage(message, qos, retain, delivery.SubscriptionIdentifiers, delivery.Group), now);
        }

        deliveries.Clear();
        if (persistentCount == 0)
        {
            return retained;
        }

        var stored = _store!.StoreMessage(message, persistentTargets[..persistentCount]);
        return retained.IsCompletedSuccessfully ? stored : WhenBothAsync(retained, stored);
    }

    /// <summary>A QoS 0 copy: written straight to the connection if there is one, dropped for a slow or absent client.</summary>
    private void SendAtMostOnce(MqttSession session, MqttMessage message, bool retain, uint[]? subscriptionIdentifiers, long now)
    {
        if (session.Connection is not { } connection)
        {
            return;
        }

        var encoded = message.Encode(connection.Version, MqttQualityOfService.AtMostOnce, retain, now, subscriptionIdentifiers);
        if (!connection.WritePublish(message.Topic, encoded, packetIdentifier: 0, dup: false, evenIfFull: false))
        {
            Statistics.CountDropped();
        }
    }

    private void Deliver(MqttSession session, OutboundMessage message, long now)
    {
        bool accepted;
        lock (session.Gate)
        {
            if (session.Ended || (session.Connection is null && !session.IsPersistent))
            {
                return;
            }

            accepted = session.Enqueue(message, Options.MaximumQueuedMessages, now);
        }

        if (!accepted)
        {
            Statistics.CountDropped();
        }
    }

    /// <summary>Gives a message a departed shared-subscription member held to another member of its group.</summary>
    private void Redeliver(OutboundMessage message)
    {
        if (message.SharedGroup is not SharedGroup<MqttSession> group || !TryPickMember(group, out var member, out _))
        {
            return;
        }

        Deliver(member, new OutboundMessage(message.Message, message.QualityOfService, message.Retain, message.SubscriptionIdentifiers, group), Now);
    }

    internal void OnAcknowledged(MqttSession session, object gate, ushort packetIdentifier, OutboundState stage, MqttReasonCode reason)
    {
        OutboundMessage? done;
        var released = false;
        var now = Now;
        lock (gate)
        {
            switch (stage)
            {
                case OutboundState.AwaitingAcknowledgement:
                    done = session.Acknowledge(packetIdentifier, now);
                    break;
                case OutboundState.Queued when reason < MqttReasonCode.UnspecifiedError:
                    // PUBREC: the client holds the QoS 2 message; PUBREL follows and the message is released.
                    done = session.Received(packetIdentifier);
                    released = true;
                    break;
                case OutboundState.Queued:
                    done = session.Refused(packetIdentifier, now);
                    break;
                default:
                    done = session.Complete(packetIdentifier, now);
                    break;
            }
        }

        if (done is not null && done.Message.StoreId != 0 && session.IsPersistent && _store is { } store)
        {
            Forget(store.Acknowledge(session.Id, done.Message.StoreId, packetIdentifier, released));
        }
    }

    /// <summary>Adds or replaces subscriptions; the task completes once a persistent session's new subscriptions are durable.</summary>
    internal (bool[] Replaced, ValueTask Durable) Subscribe(MqttSession session, List<(string Filter, SubscriptionOptions Options, bool Existed)> subscriptions)
    {
        var replaced = new bool[subscriptions.Count];
        ValueTask durable = default;
        lock (session.Gate)
        {
            var list = new List<SessionSubscription>(session.Subscriptions);
            for (var i = 0; i < subscriptions.Count; i++)
            {
                var (filter, options, _) = subscriptions[i];
                replaced[i] = Subscriptions.Subscribe(filter, session, options);
                var index = list.FindIndex(s => string.Equals(s.TopicFilter, filter, StringComparison.Ordinal));
                if (index >= 0)
                {
                    list[index] = new SessionSubscription(filter, options);
                }
                else
                {
                    list.Add(new SessionSubscription(filter, options));
                }
            }

            session.Subscriptions = [.. list];
            if (session.IsPersistent)
            {
                durable = PersistAsync(session);
            }
        }

        return (replaced, durable);
    }

    internal (bool[] Removed, ValueTask Durable) Unsubscribe(MqttSession session, List<string> filters)
    {
        var removed = new bool[filters.Count];
        ValueTask durable = default;
        lock (session.Gate)
        {
            var list = new List<SessionSubscription>(session.Subscriptions);
            for (var i = 0; i < filters.Count; i++)
            {
                removed[i] = Subscriptions.Unsubscribe(filters[i], session);
                list.RemoveAll(s => string.Equals(s.TopicFilter, filters[i], StringComparison.Ordinal));
            }

            session.Subscriptions = [.. list];
            if (session.IsPersistent)
            {
                durable = PersistAsync(session);
            }
        }

        return (removed, durable);
    }

    /// <summary>Sends the retained messages matching a new subscription, with RETAIN set [MQTT-3.3.1-9].</summary>
    internal void SendRetained(MqttSession session, string filter, SubscriptionOptions options)
    {
        var matches = new List<MqttMessage>();
        var collector = new RetainedCollector(matches);
        Retained.Match(filter, ref collector);
        var now = Now;
        uint[]? identifiers = options.SubscriptionIdentifier == 0 ? null : [options.SubscriptionIdentifier];
        foreach (var message in matches)
        {
            if (message.IsExpired(now))
            {
                continue;
            }

            var qos = (MqttQualityOfService)Math.Min((byte)message.QualityOfService, (byte)options.MaximumQoS);
            if (qos == MqttQualityOfService.AtMostOnce)
            {
                SendAtMostOnce(session, message, retain: true, identifiers, now);
            }
            else
            {
                Deliver(session, new OutboundMessage(message, qos, retain: true, identifiers, sharedGroup: null), now);
            }
        }
    }

    private ValueTask UpdateRetained(MqttMessage message)
    {
        // $SYS statistics are recomputed after a restart, so they are kept in memory only.
        var store = message.Topic.StartsWith(SystemTopicPrefix, StringComparison.Ordinal) ? null : _store;

        // [MQTT-3.3.1-6], [MQTT-3.3.1-7]: an empty retained payload removes the topic's retained message.
        if (message.Payload.IsEmpty)
        {
            if (!Retained.Remove(message.Topic))
            {
                return ValueTask.CompletedTask;
            }

            return store?.SetRetained(message.Topic, null) ?? ValueTask.CompletedTask;
        }

        Retained.Set(message.Topic, message);
        return store?.SetRetained(message.Topic, message) ?? ValueTask.CompletedTask;
    }

    private static async ValueTask WhenBothAsync(ValueTask first, ValueTask second)
    {
        try
        {
            await first.ConfigureAwait(false);
        }
        finally
        {
            await second.ConfigureAwait(false);
        }
    }

    /// <summary>Each matching shared group delivers to one of its members (MQTT 5.0 §4.8.2).</summary>
    private static void ResolveSharedGroups(List<Delivery> deliveries)
    {
        for (var i = deliveries.Count - 1; i >= 0; i--)
        {
            if (deliveries[i].Group is not SharedGroup<MqttSession> group)
            {
                continue;
            }

            if (TryPickMember(group, out var member, out var options))
            {
                deliveries[i] = new Delivery(
                    member,
                    options.MaximumQoS,
                    false,
                    options.RetainAsPublished,
                    options.SubscriptionIdentifier == 0 ? null : [options.SubscriptionIdentifier],
                    group);
            }
            else
            {
                deliveries.RemoveAt(i);
            }
        }
    }

    private static bool TryPickMember(SharedGroup<MqttSession> group, [MaybeNullWhen(false)] out MqttSession member, out SubscriptionOptions options)
    {
        // Prefer a member that is online now; otherwise any member (a persistent one queues the message).
        var online = default(ConnectedMembers);
        return group.TryPickNext(ref online, out member, out options) || group.TryPickNext(out member, out options);
    }

    /// <summary>
    /// Folds the matches of one session into one delivery: the highest QoS of its matching subscriptions and all their
    /// identifiers ([MQTT-3.3.4-2], [MQTT-3.3.4-5]).
    /// </summary>
    private static void MergeOverlapping(List<Delivery> deliveries)
    {
        if (deliveries.Count < 2)
        {
            return;
        }

        for (var i = 0; i < deliveries.Count; i++)
        {
            for (var j = deliveries.Count - 1; j > i; j--)
            {
                if (!ReferenceEquals(deliveries[i].Session, deliveries[j].Session) || deliveries[i].Group is not null || deliveries[j].Group is not null)
                {
                    continue;
                }

                deliveries[i] = deliveries[i].Merge(deliveries[j]);
                deliveries.RemoveAt(j);
            }
        }
    }

    private readonly record struct Delivery(
        MqttSession Session, MqttQualityOfService Qos, bool NoLocal, bool RetainAsPublished, uint[]? SubscriptionIdentifiers, object? Group)
    {
        public Delivery Merge(Delivery other) => this with
        {
            Qos = (MqttQualityOfService)Math.Max((byte)Qos, (byte)other.Qos),
            NoLocal = NoLocal && other.NoLocal,
            RetainAsPublished = RetainAsPublished || other.RetainAsPublished,
            SubscriptionIdentifiers = SubscriptionIdentifiers is null ? other.SubscriptionIdentifiers
                : other.SubscriptionIdentifiers is null ? SubscriptionIdentifiers
                : [.. SubscriptionIdentifiers, .. other.SubscriptionIdentifiers],
        };
    }

    private readonly struct DeliveryCollector(List<Delivery> deliveries) : ISubscriptionVisitor<MqttSession>
    {
        public void OnSubscription(MqttSession subscriber, in SubscriptionOptions options) =>
            deliveries.Add(new Delivery(
                subscriber,
                options.MaximumQoS,
                options.NoLocal,
                options.RetainAsPublished,
                options.SubscriptionIdentifier == 0 ? null : [options.SubscriptionIdentifier],
                null));

        public void OnSharedGroup(SharedGroup<MqttSession> group) => deliveries.Add(new Delivery(null!, default, false, false, null, group));
    }

    private readonly struct ConnectedMembers : ISharedMemberFilter<MqttSession>
    {
        public bool Accept(MqttSession member, in SubscriptionOptions options) => member.Connection is not null;
    }

    private readonly struct RetainedCollector(List<MqttMessage> matches) : IRetainedVisitor<MqttMessage>
    {
        public void OnRetained(string topic, MqttMessage value) => matches.Add(value);
    }
}

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
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
    /// everything the message produced that must survive a restart is durable, written as one chunk: its retained
    /// copy, its copy for each persistent session it was queued for (with the packet identifier a session sent it with
    /// at once), and for a QoS 2 PUBLISH from a persistent session (<paramref name="qos2Publisher"/>) the packet
    /// identifier that session now awaits PUBREL with, so that a resend after a restart is not routed again
    /// [MQTT-4.3.3-10]. The publisher is acknowledged only then (ARCH §2).
    /// </summary>
    internal ValueTask Publish(MqttMessage message, out bool matched, MqttSession? qos2Publisher = null, ushort packetIdentifier = 0)
    {
        var now = Now;
        var retainedChanged = message.Retain && UpdateRetained(message);
        var deliveries = _threadDeliveries ??= [];
        deliveries.Clear();
        var collector = new DeliveryCollector(deliveries);
        Subscriptions.Match(message.Topic, ref collector);
        matched = deliveries.Count > 0;
        var targets = _threadTargets ??= [];
        targets.Clear();
        if (matched)
        {
            ResolveSharedGroups(deliveries);
            MergeOverlapping(deliveries);
            DeliverAll(message, deliveries, targets, now);
            deliveries.Clear();
        }

        var publisherSessionId = qos2Publisher is { IsPersistent: true } ? qos2Publisher.Id : 0;
        if (_store is not { } store || (!retainedChanged && targets.Count == 0 && publisherSessionId == 0))
        {
            return ValueTask.CompletedTask;
        }

        var stored = store.StorePublish(message, retainedChanged, CollectionsMarshal.AsSpan(targets), publisherSessionId, packetIdentifier);
        targets.Clear();
        return stored;
    }

    /// <summary>Hands the message to each delivery; every persistent session that took it is added to <paramref name="targets"/>.</summary>
    private void DeliverAll(MqttMessage message, List<Delivery> deliveries, List<StoredTarget> targets, long now)
    {
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

            var stored = delivery.Session.IsPersistent && _store is not null;
            if (stored && message.StoreId == 0)
            {
                message.StoreId = _store!.NextMessageId();
            }

            var outbound = new OutboundMessage(message, qos, retain, delivery.SubscriptionIdentifiers, delivery.Group) { Stored = stored };
            if (Deliver(delivery.Session, outbound, now, out var sentWith) && stored)
            {
                targets.Add(new StoredTarget(delivery.Session.Id, qos, retain, sentWith, delivery.SubscriptionIdentifiers));
            }
        }
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

    /// <summary>
    /// Hands a QoS 1 or 2 message to a session; false when the session is gone or its queue is full (dropped).
    /// <paramref name="packetIdentifier"/> is the identifier it was sent with at once, 0 when it was queued.
    /// </summary>
    private bool Deliver(MqttSession session, OutboundMessage message, long now, out ushort packetIdentifier)
    {
        bool accepted;
        packetIdentifier = 0;
        lock (session.Gate)
        {
            if (session.Ended || (session.Connection is null && !session.IsPersistent))
            {
                return false;
            }

            accepted = session.Enqueue(message, Options.MaximumQueuedMessages, now);
            if (accepted && message.State == OutboundState.AwaitingAcknowledgement)
            {
                packetIdentifier = message.PacketIdentifier;
            }
        }

        if (!accepted)
        {
            Statistics.CountDropped();
        }

        return accepted;
    }

    /// <summary>Gives a message a departed shared-subscription member held to another member of its group.</summary>
    private void Redeliver(OutboundMessage message)
    {
        if (message.SharedGroup is not SharedGroup<MqttSession> group || !TryPickMember(group, out var member, out _))
        {
            return;
        }

        Deliver(member, new OutboundMessage(message.Message, message.QualityOfService, message.Retain, message.SubscriptionIdentifiers, group), Now, out _);
    }

    internal void OnAcknowledged(MqttSession session, object gate, ushort packetIdentifier, OutboundState stage, MqttReasonCode reason)
    {
        var now = Now;
        lock (gate)
        {
            var sent = _threadSent ??= [];
            OutboundMessage? done;
            var released = false;
            switch (stage)
            {
                case OutboundState.AwaitingAcknowledgement:
                    done = session.Acknowledge(packetIdentifier, now, sent);
                    break;
                case OutboundState.Queued when reason < MqttReasonCode.UnspecifiedError:
                    // PUBREC: the client holds the QoS 2 message; PUBREL follows and the message is released.
                    done = session.Received(packetIdentifier);
                    released = true;
                    break;
                case OutboundState.Queued:
                    done = session.Refused(packetIdentifier, now, sent);
                    break;
                default:
                    done = session.Complete(packetIdentifier, now, sent);
                    break;
            }

            RecordDeliveryLocked(session, done, packetIdentifier, released, sent);
        }
    }

    /// <summary>
    /// Records a stored message's acknowledgement (if any) and the stored messages sent since, as one chunk. Appended
    /// under the session's gate, so that an identifier freed by one record and given to another message is recorded
    /// in that order. Not waited for: a crash that loses it makes the session send those messages again, with DUP
    /// for the ones it recorded as sent.
    /// </summary>
    private void RecordDeliveryLocked(MqttSession session, OutboundMessage? acknowledged, ushort packetIdentifier, bool released, List<OutboundMessage> sent)
    {
        Debug.Assert(Monitor.IsEntered(session.Gate));
        var acknowledgedId = acknowledged is { Stored: true } ? acknowledged.Message.StoreId : 0;
        if ((acknowledgedId != 0 || sent.Count > 0) && session.IsPersistent && _store is { } store)
        {
            Forget(store.RecordDelivery(session.Id, acknowledgedId, packetIdentifier, released, sent));
        }

        sent.Clear();
    }

    /// <summary>
    /// PUBREL from the client: forgets the QoS 2 packet identifier. False when it was not awaiting release.
    /// <paramref name="durable"/> completes once a persistent session's release is durable: the PUBCOMP waits for it,
    /// because a client that has PUBCOMP may use the identifier for a new message, which a restart must not then take
    /// for a resend of the old one.
    /// </summary>
    internal bool ReleaseIncoming(MqttSession session, ushort packetIdentifier, out ValueTask durable)
    {
        durable = ValueTask.CompletedTask;
        lock (session.Gate)
        {
            if (!session.ReleaseIncoming(packetIdentifier))
            {
                return false;
            }

            if (session.IsPersistent && _store is { } store)
            {
                durable = store.ReleaseIncoming(session.Id, packetIdentifier);
            }

            return true;
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
                Deliver(session, new OutboundMessage(message, qos, retain: true, identifiers, sharedGroup: null), now, out _);
            }
        }
    }

    /// <summary>Updates the retained index; true when the change is to be recorded (a change, not on a $SYS topic).</summary>
    private bool UpdateRetained(MqttMessage message)
    {
        // [MQTT-3.3.1-6], [MQTT-3.3.1-7]: an empty retained payload removes the topic's retained message.
        if (message.Payload.IsEmpty)
        {
            if (!Retained.Remove(message.Topic))
            {
                return false;
            }
        }
        else
        {
            Retained.Set(message.Topic, message);
        }

        // $SYS statistics are recomputed after a restart, so they are kept in memory only.
        return !message.Topic.StartsWith(SystemTopicPrefix, StringComparison.Ordinal);
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

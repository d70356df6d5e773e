using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Routing;
using PostOffice.Gateway.Sessions;
using PostOffice.Mqtt;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Gateway.Persistence;

/// <summary>Recovery: the snapshot section and the records after it rebuild the sessions, then the broker gets them.</summary>
public sealed partial class MqttStore
{
    private readonly Dictionary<long, RecoveringSession> _recovering = [];
    private readonly Dictionary<long, MqttMessage> _recoveredMessages = [];
    private long _maxSessionId;

    /// <summary>Recovery is over: restored sessions join the broker (offline), then appends may begin.</summary>
    public void Attach(IWriteAheadLog log)
    {
        var now = _broker.Now;
        foreach (var recovering in _recovering.Values.OrderBy(s => s.Id))
        {
            var session = new MqttSession(recovering.ClientId, recovering.Id) { ExpiryInterval = recovering.Expiry, DisconnectedAt = now };
            session.Subscriptions = [.. recovering.Subscriptions.Select(s => new SessionSubscription(s.Key, s.Value))];
            foreach (var (packetIdentifier, message) in recovering.AwaitingCompletion)
            {
                session.RestoreAwaitingCompletion(
                    packetIdentifier, new OutboundMessage(message, MqttQualityOfService.ExactlyOnce, false, null, null) { Sent = true, Stored = true });
            }

            foreach (var (_, entry) in recovering.Messages.OrderBy(m => m.Value.Sequence))
            {
                var message = new OutboundMessage(entry.Message, entry.Qos, entry.Retain, entry.SubscriptionIdentifiers, null) { Stored = true };
                if (entry.PacketIdentifier != 0)
                {
                    session.RestoreInflight(entry.PacketIdentifier, message);
                }
                else
                {
                    session.Restore(message);
                }
            }

            foreach (var packetIdentifier in recovering.Incoming)
            {
                session.RestoreIncoming(packetIdentifier);
            }

            _broker.RestoreSession(session);
        }

        _broker.RestoreSessionIds(_maxSessionId);
        _recovering.Clear();
        _recoveredMessages.Clear();
        _log = log;
    }

    public void Replay(in LogRecordView record, LogRecoveryContext context)
    {
        var reader = new RecordRead(record.Payload);
        switch (record.Kind)
        {
            case SessionSaved:
                {
                    var clientId = reader.RequiredString();
                    var session = Recovering(record.Owner, clientId);
                    session.Expiry = reader.UInt32();
                    session.Subscriptions.Clear();
                    var count = reader.UInt32();
                    for (var i = 0; i < count; i++)
                    {
                        var (filter, options) = reader.Subscription();
                        session.Subscriptions[filter] = options;
                    }

                    break;
                }

            case SessionRemoved:
                _recovering.Remove(record.Owner);
                _maxSessionId = Math.Max(_maxSessionId, record.Owner);
                break;
            case MessageStored:
                ReplayMessageStored(record.Owner, ref reader);
                break;
            case Acknowledged:
                {
                    if (!_recovering.TryGetValue(record.Owner, out var session))
                    {
                        break;
                    }

                    var storeId = reader.Int64();
                    var packetIdentifier = reader.UInt16();
                    var released = reader.Byte() == 1;
                    if (released && session.Messages.Remove(storeId, out var entry))
                    {
                        session.AwaitingCompletion[packetIdentifier] = entry.Message;
                    }
                    else if (released && !session.Acknowledged.Contains(storeId))
                    {
                        // Received (PUBREC) before the message's own record reached the log: that record brings it.
                        (session.ReleasedBeforeStored ??= [])[storeId] = packetIdentifier;
                    }
                    else if (!released)
                    {
                        session.Messages.Remove(storeId);
                        session.AwaitingCompletion.Remove(packetIdentifier);
                        session.ReleasedBeforeStored?.Remove(storeId);
                    }

                    session.Acknowledged.Add(storeId);
                    session.SentBeforeStored?.Remove(storeId);
                    break;
                }

            case MessagesSent:
                {
                    if (!_recovering.TryGetValue(record.Owner, out var session))
                    {
                        break;
                    }

                    var count = reader.UInt32();
                    for (var i = 0; i < count; i++)
                    {
                        var storeId = reader.Int64();
                        var packetIdentifier = reader.UInt16();
                        if (session.Messages.TryGetValue(storeId, out var entry))
                        {
                            session.Messages[storeId] = entry with { PacketIdentifier = packetIdentifier };
                        }
                        else if (!session.Acknowledged.Contains(storeId))
                        {
                            // Sent before its own record reached the log (it was queued while being published): the
                            // record that follows takes the identifier.
                            (session.SentBeforeStored ??= [])[storeId] = packetIdentifier;
                        }
                    }

                    break;
                }

            case IncomingReceived:
                if (_recovering.TryGetValue(record.Owner, out var receiving))
                {
                    receiving.Incoming.Add(reader.UInt16());
                }

                break;
            case IncomingReleased:
                if (_recovering.TryGetValue(record.Owner, out var releasing))
                {
                    releasing.Incoming.Remove(reader.UInt16());
                }

                break;
            case RetainedSet:
                {
                    var message = reader.Message(0);
                    _broker.Retained.Set(message.Topic, message);
                    break;
                }

            case RetainedCleared:
                _broker.Retained.Remove(reader.RequiredString());
                break;
            default:
                throw new InvalidDataException($"Unknown MQTT record kind 0x{record.Kind:X2}.");
        }
    }

    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
        var reader = new RecordRead(state);
        var version = reader.UInt32();
        if (version is not (1 or SnapshotVersion))
        {
            throw new InvalidDataException("The MQTT snapshot section has a version this server does not read.");
        }

        _maxSessionId = reader.Int64();
        _nextMessageId = reader.Int64();
        var retained = reader.UInt32();
        for (var i = 0; i < retained; i++)
        {
            var message = reader.Message(0);
            _broker.Retained.Set(message.Topic, message);
        }

        var sessions = reader.UInt32();
        for (var i = 0; i < sessions; i++)
        {
            var id = reader.Int64();
            var session = Recovering(id, reader.RequiredString());
            session.Expiry = reader.UInt32();
            var subscriptions = reader.UInt32();
            for (var s = 0; s < subscriptions; s++)
            {
                var (filter, options) = reader.Subscription();
                session.Subscriptions[filter] = options;
            }

            var messages = reader.UInt32();
            for (var m = 0; m < messages; m++)
            {
                var storeId = reader.Int64();
                var qos = (MqttQualityOfService)reader.Byte();
                var retain = reader.Byte() == 1;

                // Version 1 wrote 1 for a message awaiting PUBCOMP and 0 otherwise (its identifier was not kept).
                var delivery = reader.Byte() switch
                {
                    1 when version == 1 => OutboundState.AwaitingCompletion,
                    var value when version == 1 || value > (byte)OutboundState.AwaitingCompletion => OutboundState.Queued,
                    var value => (OutboundState)value,
                };
                var packetIdentifier = reader.UInt16();
                var subscriptionIdentifiers = version == 1 ? null : reader.UInt32s();
                var message = reader.Message(storeId);
                if (_recoveredMessages.TryGetValue(storeId, out var known))
                {
                    message = known;
                }
                else
                {
                    _recoveredMessages[storeId] = message;
                }

                if (delivery == OutboundState.AwaitingCompletion)
                {
                    session.AwaitingCompletion[packetIdentifier] = message;
                }
                else
                {
                    session.Messages[storeId] = new RecoveringMessage(
                        message, qos, retain, subscriptionIdentifiers, delivery == OutboundState.AwaitingAcknowledgement ? packetIdentifier : (ushort)0, session.NextSequence++);
                }
            }

            var incoming = version == 1 ? 0 : reader.UInt32();
            for (var n = 0; n < incoming; n++)
            {
                session.Incoming.Add(reader.UInt16());
            }
        }
    }

    private void ReplayMessageStored(long storeId, ref RecordRead reader)
    {
        var message = reader.Message(storeId);
        _nextMessageId = Math.Max(_nextMessageId, storeId);
        var count = reader.UInt32();
        for (var i = 0; i < count; i++)
        {
            var sessionId = reader.Int64();
            var flags = reader.Byte();
            var packetIdentifier = (flags & TargetHasPacketIdentifier) != 0 ? reader.UInt16() : (ushort)0;
            var subscriptionIdentifiers = (flags & TargetHasSubscriptionIdentifiers) != 0 ? reader.UInt32s() : null;
            if (!_recovering.TryGetValue(sessionId, out var session) || session.Messages.ContainsKey(storeId))
            {
                continue;
            }

            if (session.ReleasedBeforeStored?.Remove(storeId, out var releasedWith) == true)
            {
                session.AwaitingCompletion[releasedWith] = message;
                continue;
            }

            if (session.Acknowledged.Contains(storeId))
            {
                continue;
            }

            if (session.SentBeforeStored?.Remove(storeId, out var sentWith) == true)
            {
                packetIdentifier = sentWith;
            }

            session.Messages[storeId] = new RecoveringMessage(
                message, (MqttQualityOfService)(flags & 3), (flags & 4) != 0, subscriptionIdentifiers, packetIdentifier, session.NextSequence++);
        }
    }

    private RecoveringSession Recovering(long id, string clientId)
    {
        _maxSessionId = Math.Max(_maxSessionId, id);
        if (!_recovering.TryGetValue(id, out var session))
        {
            // A client id belongs to one session at a time: a newer session of the same client replaces the older.
            foreach (var stale in _recovering.Values.Where(s => string.Equals(s.ClientId, clientId, StringComparison.Ordinal)).ToList())
            {
                _recovering.Remove(stale.Id);
            }

            _recovering[id] = session = new RecoveringSession(id, clientId);
        }

        return session;
    }

    private sealed class RecoveringSession(long id, string clientId)
    {
        public long Id { get; } = id;

        public string ClientId { get; } = clientId;

        public uint Expiry { get; set; }

        public Dictionary<string, SubscriptionOptions> Subscriptions { get; } = new(StringComparer.Ordinal);

        public Dictionary<long, RecoveringMessage> Messages { get; } = [];

        public Dictionary<ushort, MqttMessage> AwaitingCompletion { get; } = [];

        public HashSet<long> Acknowledged { get; } = [];

        /// <summary>Packet identifiers recorded for messages whose own record comes later in the log.</summary>
        public Dictionary<long, ushort>? SentBeforeStored { get; set; }

        /// <summary>Messages released (PUBREL sent) before their own record reached the log, with their identifiers.</summary>
        public Dictionary<long, ushort>? ReleasedBeforeStored { get; set; }

        /// <summary>QoS 2 packet identifiers of the client's publishes awaiting PUBREL.</summary>
        public HashSet<ushort> Incoming { get; } = [];

        public long NextSequence { get; set; }
    }

    /// <param name="PacketIdentifier">The identifier it was sent with and not acknowledged; 0 when not sent.</param>
    private readonly record struct RecoveringMessage(
        MqttMessage Message, MqttQualityOfService Qos, bool Retain, uint[]? SubscriptionIdentifiers, ushort PacketIdentifier, long Sequence);
}

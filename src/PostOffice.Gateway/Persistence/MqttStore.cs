using System.Buffers;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Routing;
using PostOffice.Gateway.Sessions;
using PostOffice.Mqtt;
using PostOffice.Storage;
using PostOffice.Storage.Catalog;
using PostOffice.Storage.Log;

namespace PostOffice.Gateway.Persistence;

/// <summary>
/// Keeps persistent sessions (subscriptions, queued QoS 1 and 2 messages, PUBREL state) and retained messages in the
/// shared write-ahead log (ARCH §4, §5). The broker changes its memory first and then appends the record describing
/// the change; replay is idempotent (message ids dedupe), so a snapshot taken between the two is still exact.
/// </summary>
/// <remarks>
/// Records (owner in brackets): 0x20 session saved [session id]: client id, expiry, subscriptions; 0x21 session
/// removed [session id]; 0x22 message stored [message id]: the message and, per target session, id, QoS and retain
/// flag; 0x23 acknowledged [session id]: message id, packet identifier, released (PUBREL sent, PUBCOMP awaited);
/// 0x24 retained set [0]: the message; 0x25 retained cleared [0]: the topic.
/// </remarks>
public sealed class MqttStore : ILogEngine, ILogRecoveryHandler, IMqttSessionStore
{
    private const byte SessionSaved = 0x20;
    private const byte SessionRemoved = 0x21;
    private const byte MessageStored = 0x22;
    private const byte Acknowledged = 0x23;
    private const byte RetainedSet = 0x24;
    private const byte RetainedCleared = 0x25;
    private const uint SnapshotVersion = 1;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    private readonly MqttBroker _broker;
    private readonly Dictionary<long, RecoveringSession> _recovering = [];
    private readonly Dictionary<long, MqttMessage> _recoveredMessages = [];
    private IWriteAheadLog? _log;
    private long _nextMessageId;
    private long _maxSessionId;

    public MqttStore(MqttBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker;
        broker.UseStore(this);
    }

    public string SnapshotSection => "mqtt";

    public bool OwnsRecordKind(byte kind) => kind is >= 0x20 and <= 0x2F;

    public Task<ILogRecoveryHandler> LoadAsync(ICatalog catalog, CancellationToken cancellationToken) => Task.FromResult<ILogRecoveryHandler>(this);

    /// <summary>Recovery is over: restored sessions join the broker (offline), then appends may begin.</summary>
    public void Attach(IWriteAheadLog log)
    {
        var now = _broker.Now;
        foreach (var recovering in _recovering.Values.OrderBy(s => s.Id))
        {
            var session = new MqttSession(recovering.ClientId, recovering.Id) { ExpiryInterval = recovering.Expiry, DisconnectedAt = now };
            session.Subscriptions = [.. recovering.Subscriptions.Select(s => new SessionSubscription(s.Key, s.Value))];
            foreach (var (_, entry) in recovering.Messages.OrderBy(m => m.Value.Sequence))
            {
                session.Restore(new OutboundMessage(entry.Message, entry.Qos, entry.Retain, null, null));
            }

            foreach (var (packetIdentifier, message) in recovering.AwaitingCompletion)
            {
                session.RestoreAwaitingCompletion(packetIdentifier, new OutboundMessage(message, MqttQualityOfService.ExactlyOnce, false, null, null) { Sent = true });
            }

            _broker.RestoreSession(session);
        }

        _broker.RestoreSessionIds(_maxSessionId);
        _recovering.Clear();
        _recoveredMessages.Clear();
        _log = log;
    }

    public long NextMessageId() => Interlocked.Increment(ref _nextMessageId);

    ValueTask IMqttSessionStore.SaveSession(MqttSession session)
    {
        var buffer = Buffer();
        RecordWrite.String(buffer, session.ClientId);
        RecordWrite.UInt32(buffer, session.ExpiryInterval);
        RecordWrite.UInt32(buffer, (uint)session.Subscriptions.Length);
        foreach (var subscription in session.Subscriptions)
        {
            RecordWrite.Subscription(buffer, subscription.TopicFilter, subscription.Options);
        }

        return Append(SessionSaved, session.Id, buffer);
    }

    ValueTask IMqttSessionStore.RemoveSession(MqttSession session)
    {
        var buffer = Buffer();
        RecordWrite.String(buffer, session.ClientId);
        return Append(SessionRemoved, session.Id, buffer);
    }

    ValueTask IMqttSessionStore.StoreMessage(MqttMessage message, ReadOnlySpan<StoredTarget> targets)
    {
        var buffer = Buffer();
        RecordWrite.Message(buffer, message);
        RecordWrite.UInt32(buffer, (uint)targets.Length);
        foreach (var target in targets)
        {
            RecordWrite.Int64(buffer, target.SessionId);
            RecordWrite.Byte(buffer, (byte)((byte)target.QualityOfService | (target.Retain ? 4 : 0)));
        }

        return Append(MessageStored, message.StoreId, buffer);
    }

    ValueTask IMqttSessionStore.Acknowledge(long sessionId, long storeId, ushort packetIdentifier, bool released)
    {
        var buffer = Buffer();
        RecordWrite.Int64(buffer, storeId);
        RecordWrite.UInt16(buffer, packetIdentifier);
        RecordWrite.Byte(buffer, released ? (byte)1 : (byte)0);
        return Append(Acknowledged, sessionId, buffer);
    }

    ValueTask IMqttSessionStore.SetRetained(string topic, MqttMessage? message)
    {
        var buffer = Buffer();
        if (message is null)
        {
            RecordWrite.String(buffer, topic);
            return Append(RetainedCleared, 0, buffer);
        }

        RecordWrite.Message(buffer, message);
        return Append(RetainedSet, 0, buffer);
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
                {
                    var message = reader.Message(record.Owner);
                    _nextMessageId = Math.Max(_nextMessageId, record.Owner);
                    var count = reader.UInt32();
                    for (var i = 0; i < count; i++)
                    {
                        var sessionId = reader.Int64();
                        var flags = reader.Byte();
                        if (_recovering.TryGetValue(sessionId, out var session) && !session.Messages.ContainsKey(record.Owner) && !session.Acknowledged.Contains(record.Owner))
                        {
                            session.Messages[record.Owner] = new RecoveringMessage(message, (MqttQualityOfService)(flags & 3), (flags & 4) != 0, session.NextSequence++);
                        }
                    }

                    break;
                }

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
                    else if (!released)
                    {
                        session.Messages.Remove(storeId);
                        session.AwaitingCompletion.Remove(packetIdentifier);
                    }

                    session.Acknowledged.Add(storeId);
                    break;
                }

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
        if (reader.UInt32() != SnapshotVersion)
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
                var awaitingCompletion = reader.Byte() == 1;
                var packetIdentifier = reader.UInt16();
                var message = reader.Message(storeId);
                if (_recoveredMessages.TryGetValue(storeId, out var known))
                {
                    message = known;
                }
                else
                {
                    _recoveredMessages[storeId] = message;
                }

                if (awaitingCompletion)
                {
                    session.AwaitingCompletion[packetIdentifier] = message;
                }
                else
                {
                    session.Messages[storeId] = new RecoveringMessage(message, qos, retain, session.NextSequence++);
                }
            }
        }
    }

    public void CaptureSnapshot(IBufferWriter<byte> writer)
    {
        RecordWrite.UInt32(writer, SnapshotVersion);
        RecordWrite.Int64(writer, _broker.HighestSessionId);
        RecordWrite.Int64(writer, Volatile.Read(ref _nextMessageId));
        var retained = _broker.Retained.EnumerateEntries().Where(e => !e.Key.StartsWith(MqttBroker.SystemTopicPrefix, StringComparison.Ordinal)).ToList();
        RecordWrite.UInt32(writer, (uint)retained.Count);
        foreach (var (_, message) in retained)
        {
            RecordWrite.Message(writer, message);
        }

        var sessions = _broker.PersistentSessions().ToList();
        var section = new ArrayBufferWriter<byte>();
        var written = 0u;
        foreach (var session in sessions)
        {
            lock (session.Gate)
            {
                if (session.Ended || !session.IsPersistent)
                {
                    continue;
                }

                RecordWrite.Int64(section, session.Id);
                RecordWrite.String(section, session.ClientId);
                RecordWrite.UInt32(section, session.ExpiryInterval);
                RecordWrite.UInt32(section, (uint)session.Subscriptions.Length);
                foreach (var subscription in session.Subscriptions)
                {
                    RecordWrite.Subscription(section, subscription.TopicFilter, subscription.Options);
                }

                var messages = session.Messages.Where(m => m.Message.StoreId != 0).ToList();
                RecordWrite.UInt32(section, (uint)messages.Count);
                foreach (var message in messages)
                {
                    RecordWrite.Int64(section, message.Message.StoreId);
                    RecordWrite.Byte(section, (byte)message.QualityOfService);
                    RecordWrite.Byte(section, message.Retain ? (byte)1 : (byte)0);
                    RecordWrite.Byte(section, message.State == OutboundState.AwaitingCompletion ? (byte)1 : (byte)0);
                    RecordWrite.UInt16(section, message.PacketIdentifier);
                    RecordWrite.Message(section, message.Message);
                }

                written++;
            }
        }

        RecordWrite.UInt32(writer, written);
        writer.Write(section.WrittenSpan);
    }

    private static ArrayBufferWriter<byte> Buffer()
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        return buffer;
    }

    private ValueTask Append(byte kind, long owner, ArrayBufferWriter<byte> payload)
    {
        var log = _log ?? throw new InvalidOperationException("The MQTT store is not attached to the log yet.");
        Span<LogPosition> position = stackalloc LogPosition[1];
        return log.AppendAndWaitForCommitAsync([new LogRecord(kind, owner, payload.WrittenMemory)], position);
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

        public long NextSequence { get; set; }
    }

    private readonly record struct RecoveringMessage(MqttMessage Message, MqttQualityOfService Qos, bool Retain, long Sequence);
}

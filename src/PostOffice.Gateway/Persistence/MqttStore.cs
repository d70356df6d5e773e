using System.Buffers;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Sessions;
using PostOffice.Mqtt;
using PostOffice.Storage;
using PostOffice.Storage.Catalog;
using PostOffice.Storage.Log;

namespace PostOffice.Gateway.Persistence;

/// <summary>
/// Keeps persistent sessions (subscriptions, queued QoS 1 and 2 messages and the packet identifiers they were sent
/// with, PUBREL state both ways) and retained messages in the shared write-ahead log (ARCH §4, §5). The broker changes
/// its memory first and then appends the record describing the change; replay is idempotent (message ids dedupe), so
/// a snapshot taken between the two is still exact.
/// </summary>
/// <remarks>
/// Records (owner in brackets):
/// <list type="bullet">
/// <item>0x20 session saved [session id]: client id, expiry, subscriptions.</item>
/// <item>0x21 session removed [session id].</item>
/// <item>0x22 message stored [message id]: the message and, per target session, id and a flags byte: QoS, 4 retain,
/// 8 a packet identifier follows (sent at once), 16 subscription identifiers follow (count, then each).</item>
/// <item>0x23 acknowledged [session id]: message id, packet identifier, released (PUBREL sent, PUBCOMP awaited).</item>
/// <item>0x24 retained set [0]: the message; 0x25 retained cleared [0]: the topic.</item>
/// <item>0x26 incoming received [session id]: a QoS 2 packet identifier the client's PUBLISH took, awaiting PUBREL.</item>
/// <item>0x27 incoming released [session id]: that identifier, released by PUBREL.</item>
/// <item>0x28 messages sent [session id]: count, then per message its id and the packet identifier it was sent with.</item>
/// </list>
/// A packet identifier is recorded where it is assigned, in a chunk the session writes anyway: in the message's own
/// record when it is sent as it is published, with the acknowledgement whose freed window sent it, or (when a client
/// reconnects) in one record for every queued message the new connection gets.
/// </remarks>
public sealed partial class MqttStore : ILogEngine, ILogRecoveryHandler, IMqttSessionStore
{
    private const byte SessionSaved = 0x20;
    private const byte SessionRemoved = 0x21;
    private const byte MessageStored = 0x22;
    private const byte Acknowledged = 0x23;
    private const byte RetainedSet = 0x24;
    private const byte RetainedCleared = 0x25;
    private const byte IncomingReceived = 0x26;
    private const byte IncomingReleased = 0x27;
    private const byte MessagesSent = 0x28;

    private const byte TargetHasPacketIdentifier = 8;
    private const byte TargetHasSubscriptionIdentifiers = 16;

    // Version 2 adds each message's subscription identifiers and sent state, and each session's incoming QoS 2 packet
    // identifiers; version 1 is still read.
    private const uint SnapshotVersion = 2;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    private readonly MqttBroker _broker;
    private IWriteAheadLog? _log;
    private long _nextMessageId;

    public MqttStore(MqttBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        _broker = broker;
        broker.UseStore(this);
    }

    public string SnapshotSection => "mqtt";

    public bool OwnsRecordKind(byte kind) => kind is >= 0x20 and <= 0x2F;

    public Task<ILogRecoveryHandler> LoadAsync(ICatalog catalog, CancellationToken cancellationToken) => Task.FromResult<ILogRecoveryHandler>(this);

    public long NextMessageId() => Interlocked.Increment(ref _nextMessageId);

    ValueTask IMqttSessionStore.SaveSession(MqttSession session)
    {
        var chunk = new Chunk(Buffer());
        chunk.Begin(SessionSaved, session.Id);
        RecordWrite.String(chunk.Writer, session.ClientId);
        RecordWrite.UInt32(chunk.Writer, session.ExpiryInterval);
        RecordWrite.UInt32(chunk.Writer, (uint)session.Subscriptions.Length);
        foreach (var subscription in session.Subscriptions)
        {
            RecordWrite.Subscription(chunk.Writer, subscription.TopicFilter, subscription.Options);
        }

        return Append(ref chunk);
    }

    ValueTask IMqttSessionStore.RemoveSession(MqttSession session)
    {
        var chunk = new Chunk(Buffer());
        chunk.Begin(SessionRemoved, session.Id);
        RecordWrite.String(chunk.Writer, session.ClientId);
        return Append(ref chunk);
    }

    ValueTask IMqttSessionStore.StorePublish(MqttMessage message, bool retained, ReadOnlySpan<StoredTarget> targets, long publisherSessionId, ushort packetIdentifier)
    {
        var chunk = new Chunk(Buffer());
        var writer = chunk.Writer;
        if (retained && message.Payload.IsEmpty)
        {
            chunk.Begin(RetainedCleared, 0);
            RecordWrite.String(writer, message.Topic);
        }
        else if (retained)
        {
            chunk.Begin(RetainedSet, 0);
            RecordWrite.Message(writer, message);
        }

        if (!targets.IsEmpty)
        {
            chunk.Begin(MessageStored, message.StoreId);
            RecordWrite.Message(writer, message);
            RecordWrite.UInt32(writer, (uint)targets.Length);
            foreach (var target in targets)
            {
                var identifiers = target.SubscriptionIdentifiers ?? [];
                RecordWrite.Int64(writer, target.SessionId);
                RecordWrite.Byte(writer, (byte)((byte)target.QualityOfService | (target.Retain ? 4 : 0)
                    | (target.PacketIdentifier != 0 ? TargetHasPacketIdentifier : 0) | (identifiers.Length > 0 ? TargetHasSubscriptionIdentifiers : 0)));
                if (target.PacketIdentifier != 0)
                {
                    RecordWrite.UInt16(writer, target.PacketIdentifier);
                }

                if (identifiers.Length > 0)
                {
                    RecordWrite.UInt32s(writer, identifiers);
                }
            }
        }

        if (publisherSessionId != 0)
        {
            chunk.Begin(IncomingReceived, publisherSessionId);
            RecordWrite.UInt16(writer, packetIdentifier);
        }

        return Append(ref chunk);
    }

    ValueTask IMqttSessionStore.RecordDelivery(long sessionId, long storeId, ushort packetIdentifier, bool released, IReadOnlyList<OutboundMessage> sent)
    {
        var chunk = new Chunk(Buffer());
        var writer = chunk.Writer;
        if (storeId != 0)
        {
            chunk.Begin(Acknowledged, sessionId);
            RecordWrite.Int64(writer, storeId);
            RecordWrite.UInt16(writer, packetIdentifier);
            RecordWrite.Byte(writer, released ? (byte)1 : (byte)0);
        }

        if (sent.Count > 0)
        {
            chunk.Begin(MessagesSent, sessionId);
            RecordWrite.UInt32(writer, (uint)sent.Count);
            foreach (var message in sent)
            {
                RecordWrite.Int64(writer, message.Message.StoreId);
                RecordWrite.UInt16(writer, message.PacketIdentifier);
            }
        }

        return Append(ref chunk);
    }

    ValueTask IMqttSessionStore.ReleaseIncoming(long sessionId, ushort packetIdentifier)
    {
        var chunk = new Chunk(Buffer());
        chunk.Begin(IncomingReleased, sessionId);
        RecordWrite.UInt16(chunk.Writer, packetIdentifier);
        return Append(ref chunk);
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

                var messages = session.Messages.Where(m => m.Stored).ToList();
                RecordWrite.UInt32(section, (uint)messages.Count);
                foreach (var message in messages)
                {
                    RecordWrite.Int64(section, message.Message.StoreId);
                    RecordWrite.Byte(section, (byte)message.QualityOfService);
                    RecordWrite.Byte(section, message.Retain ? (byte)1 : (byte)0);
                    RecordWrite.Byte(section, (byte)message.State);
                    RecordWrite.UInt16(section, message.State == OutboundState.Queued ? (ushort)0 : message.PacketIdentifier);
                    RecordWrite.UInt32s(section, message.SubscriptionIdentifiers ?? []);
                    RecordWrite.Message(section, message.Message);
                }

                var incoming = session.IncomingPacketIdentifiers.ToList();
                RecordWrite.UInt32(section, (uint)incoming.Count);
                foreach (var packetIdentifier in incoming)
                {
                    RecordWrite.UInt16(section, packetIdentifier);
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

    private ValueTask Append(ref Chunk chunk)
    {
        var log = _log ?? throw new InvalidOperationException("The MQTT store is not attached to the log yet.");
        Span<LogPosition> positions = stackalloc LogPosition[Chunk.MaximumRecords];
        var payloads = chunk.Writer.WrittenMemory;
        return chunk.Count switch
        {
            0 => ValueTask.CompletedTask,
            1 => log.AppendAndWaitForCommitAsync([chunk.Record(0, payloads)], positions),
            2 => log.AppendAndWaitForCommitAsync([chunk.Record(0, payloads), chunk.Record(1, payloads)], positions),
            _ => log.AppendAndWaitForCommitAsync([chunk.Record(0, payloads), chunk.Record(1, payloads), chunk.Record(2, payloads)], positions),
        };
    }

    /// <summary>Up to three records written one after another into one buffer, appended as one chunk.</summary>
    private struct Chunk(ArrayBufferWriter<byte> writer)
    {
        public const int MaximumRecords = 3;

        private RecordStart _first;
        private RecordStart _second;
        private RecordStart _third;

        public readonly ArrayBufferWriter<byte> Writer => writer;

        public int Count { get; private set; }

        /// <summary>Starts the next record: what is written to <see cref="Writer"/> until the next call is its payload.</summary>
        public void Begin(byte kind, long owner)
        {
            var start = new RecordStart(kind, owner, writer.WrittenCount);
            switch (Count++)
            {
                case 0: _first = start; break;
                case 1: _second = start; break;
                case 2: _third = start; break;
                default: throw new InvalidOperationException($"A chunk of the MQTT store holds at most {MaximumRecords} records.");
            }
        }

        public readonly LogRecord Record(int index, ReadOnlyMemory<byte> payloads)
        {
            var start = index switch { 0 => _first, 1 => _second, _ => _third };
            var end = index + 1 < Count ? (index == 0 ? _second : _third).Offset : payloads.Length;
            return new LogRecord(start.Kind, start.Owner, payloads[start.Offset..end]);
        }
    }

    private readonly record struct RecordStart(byte Kind, long Owner, int Offset);
}

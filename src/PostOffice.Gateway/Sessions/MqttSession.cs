using PostOffice.Gateway.Connections;
using PostOffice.Gateway.Messages;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Sessions;

/// <summary>
/// The server's state for one client identifier (MQTT 5.0 §4.1): its subscriptions, the QoS 1 and 2 messages in
/// flight towards it and queued for it, and the QoS 2 publishes it sent that await PUBREL. It outlives connections
/// when its expiry interval is above zero. Every member is guarded by <see cref="Gate"/>.
/// </summary>
internal sealed class MqttSession(string clientId, long id)
{
    private Dictionary<ushort, OutboundMessage>? _inflight;
    private Queue<OutboundMessage>? _queued;
    private HashSet<ushort>? _awaitingRelease;
    private ushort _lastPacketIdentifier;

    /// <summary>
    /// The session's monitor. The session object itself: a lock object per session would cost every idle device
    /// another 24-40 bytes, and a monitor allocates only when contended.
    /// </summary>
    public object Gate => this;

    public string ClientId { get; } = clientId;

    /// <summary>The session's number: the owner of its records in the log.</summary>
    public long Id { get; } = id;

    /// <summary>The connection serving the session now; null while the client is away.</summary>
    public MqttConnection? Connection { get; private set; }

    /// <summary>Seconds the session outlives its connection; <see cref="uint.MaxValue"/> means it never expires.</summary>
    public uint ExpiryInterval { get; set; }

    /// <summary>True when the session survives its connection and so is kept durable.</summary>
    public bool IsPersistent => ExpiryInterval > 0;

    /// <summary>When the client went away (Unix ms); meaningful while <see cref="Connection"/> is null.</summary>
    public long DisconnectedAt { get; set; }

    /// <summary>True once the session is over (expired, replaced by a clean start, or taken over).</summary>
    public bool Ended { get; set; }

    public SessionSubscription[] Subscriptions { get; set; } = [];

    public int InflightCount => _inflight?.Count ?? 0;

    public int QueuedCount => _queued?.Count ?? 0;

    /// <summary>Every message the session holds, in flight first, for snapshots and takeover.</summary>
    public IEnumerable<OutboundMessage> Messages =>
        (_inflight?.Values.OrderBy(m => m.PacketIdentifier) ?? Enumerable.Empty<OutboundMessage>()).Concat(_queued ?? Enumerable.Empty<OutboundMessage>());

    /// <summary>
    /// Takes a QoS 1 or 2 message for the client: sends it now when a connection is attached and its in-flight window
    /// has room (it is then <see cref="OutboundState.AwaitingAcknowledgement"/> with its packet identifier), queues it
    /// otherwise. Returns false when the queue is full and the message was dropped.
    /// </summary>
    public bool Enqueue(OutboundMessage message, int maximumQueued, long now)
    {
        if (Connection is { } connection && _queued is not { Count: > 0 } && InflightCount < connection.SendQuota)
        {
            Send(connection, message, now);
            return true;
        }

        _queued ??= new Queue<OutboundMessage>();
        if (_queued.Count >= maximumQueued)
        {
            return false;
        }

        _queued.Enqueue(message);
        return true;
    }

    /// <summary>Adds a message restored from the log (recovery only): it is queued, not sent.</summary>
    public void Restore(OutboundMessage message)
    {
        (_queued ??= new Queue<OutboundMessage>()).Enqueue(message);
    }

    /// <summary>
    /// Adds a message restored from the log that had been sent with <paramref name="packetIdentifier"/> and not
    /// acknowledged (recovery only): the next connection gets it again with that identifier and DUP [MQTT-4.4.0-1].
    /// An identifier already in use (which a consistent log never holds) queues the message instead.
    /// </summary>
    public void RestoreInflight(ushort packetIdentifier, OutboundMessage message)
    {
        message.PacketIdentifier = packetIdentifier;
        message.State = OutboundState.AwaitingAcknowledgement;
        message.Sent = true;
        if (!(_inflight ??= []).TryAdd(packetIdentifier, message))
        {
            message.State = OutboundState.Queued;
            message.Sent = false;
            Restore(message);
        }
    }

    /// <summary>
    /// PUBACK: the QoS 1 message is delivered. Returns it (null for an unknown identifier). Stored messages the freed
    /// window lets the session send are added to <paramref name="sent"/>.
    /// </summary>
    public OutboundMessage? Acknowledge(ushort packetIdentifier, long now, List<OutboundMessage>? sent)
    {
        if (_inflight is null || !_inflight.Remove(packetIdentifier, out var message) || message.QualityOfService != MqttQualityOfService.AtLeastOnce)
        {
            return null;
        }

        SendQueued(now, sent);
        return message;
    }

    /// <summary>PUBREC: the client has the QoS 2 message; answer PUBREL. Returns it (null for an unknown identifier).</summary>
    public OutboundMessage? Received(ushort packetIdentifier)
    {
        if (_inflight is null || !_inflight.TryGetValue(packetIdentifier, out var message) || message.QualityOfService != MqttQualityOfService.ExactlyOnce)
        {
            return null;
        }

        message.State = OutboundState.AwaitingCompletion;
        Connection?.SendPubRel(packetIdentifier);
        return message;
    }

    /// <summary>PUBREC with a failure reason (5.0): the message is discarded, the identifier freed (MQTT 5.0 §4.3.3: a PUBREC reason of 0x80 or more ends the exchange).</summary>
    public OutboundMessage? Refused(ushort packetIdentifier, long now, List<OutboundMessage>? sent)
    {
        if (_inflight is null || !_inflight.Remove(packetIdentifier, out var message))
        {
            return null;
        }

        SendQueued(now, sent);
        return message;
    }

    /// <summary>PUBCOMP: the QoS 2 exchange is over.</summary>
    public OutboundMessage? Complete(ushort packetIdentifier, long now, List<OutboundMessage>? sent)
    {
        if (_inflight is null || !_inflight.TryGetValue(packetIdentifier, out var message) || message.State != OutboundState.AwaitingCompletion)
        {
            return null;
        }

        _inflight.Remove(packetIdentifier);
        SendQueued(now, sent);
        return message;
    }

    /// <summary>Marks a QoS 2 message the client is awaiting PUBREL for (after recovery: resent on reconnect).</summary>
    public void RestoreAwaitingCompletion(ushort packetIdentifier, OutboundMessage message)
    {
        message.State = OutboundState.AwaitingCompletion;
        message.PacketIdentifier = packetIdentifier;
        (_inflight ??= []).TryAdd(packetIdentifier, message);
    }

    /// <summary>
    /// Records an incoming QoS 2 PUBLISH; false when the identifier already awaits PUBREL, i.e. the PUBLISH is a
    /// resend the session has already routed [MQTT-4.3.3-10].
    /// </summary>
    public bool BeginIncoming(ushort packetIdentifier) => (_awaitingRelease ??= []).Add(packetIdentifier);

    /// <summary>PUBREL from the client: forgets the identifier. False when it was not awaiting release.</summary>
    public bool ReleaseIncoming(ushort packetIdentifier) => _awaitingRelease?.Remove(packetIdentifier) ?? false;

    /// <summary>Adds an identifier restored from the log that was awaiting PUBREL (recovery only).</summary>
    public void RestoreIncoming(ushort packetIdentifier) => (_awaitingRelease ??= []).Add(packetIdentifier);

    public int IncomingCount => _awaitingRelease?.Count ?? 0;

    /// <summary>The identifiers of the client's QoS 2 publishes awaiting PUBREL, for snapshots.</summary>
    public IEnumerable<ushort> IncomingPacketIdentifiers => _awaitingRelease ?? Enumerable.Empty<ushort>();

    /// <summary>
    /// Attaches a connection: resends the unacknowledged PUBLISH and PUBREL packets with their original identifiers
    /// [MQTT-4.4.0-1], then sends queued messages up to the window (stored ones are added to <paramref name="sent"/>).
    /// </summary>
    public void Attach(MqttConnection connection, long now, List<OutboundMessage>? sent)
    {
        Connection = connection;
        if (_inflight is { Count: > 0 } inflight)
        {
            foreach (var message in inflight.Values.OrderBy(m => m.PacketIdentifier).ToList())
            {
                if (message.State == OutboundState.AwaitingCompletion)
                {
                    connection.SendPubRel(message.PacketIdentifier);
                }
                else
                {
                    Write(connection, message, now);
                }
            }
        }

        SendQueued(now, sent);
    }

    /// <summary>Detaches the connection if it is still the session's. Messages in flight stay for the next connection.</summary>
    public bool Detach(MqttConnection connection, long now)
    {
        if (!ReferenceEquals(Connection, connection))
        {
            return false;
        }

        Connection = null;
        DisconnectedAt = now;
        return true;
    }

    /// <summary>Removes and returns the messages delivered through shared subscriptions, so that another member gets them.</summary>
    public List<OutboundMessage> TakeSharedMessages()
    {
        var taken = new List<OutboundMessage>();
        if (_inflight is not null)
        {
            foreach (var (id, message) in _inflight.Where(p => p.Value.SharedGroup is not null && p.Value.State == OutboundState.AwaitingAcknowledgement).ToList())
            {
                _inflight.Remove(id);
                taken.Add(message);
            }
        }

        if (_queued is { Count: > 0 } queued && queued.Any(m => m.SharedGroup is not null))
        {
            var keep = new Queue<OutboundMessage>();
            foreach (var message in queued)
            {
                (message.SharedGroup is null ? keep : null)?.Enqueue(message);
                if (message.SharedGroup is not null)
                {
                    taken.Add(message);
                }
            }

            _queued = keep;
        }

        return taken;
    }

    /// <summary>Drops everything the session holds (a clean start or the end of the session).</summary>
    public void Clear()
    {
        _inflight = null;
        _queued = null;
        _awaitingRelease = null;
        Subscriptions = [];
    }

    private void SendQueued(long now, List<OutboundMessage>? sent)
    {
        if (Connection is not { } connection || _queued is null)
        {
            return;
        }

        while (_queued.Count > 0 && InflightCount < connection.SendQuota)
        {
            var message = _queued.Dequeue();
            if (message.Message.IsExpired(now))
            {
                continue;
            }

            Send(connection, message, now);
            if (message.Stored)
            {
                sent?.Add(message);
            }
        }
    }

    /// <summary>Gives the message a packet identifier and sends it; the caller records the identifier of a stored one.</summary>
    private void Send(MqttConnection connection, OutboundMessage message, long now)
    {
        message.PacketIdentifier = NextPacketIdentifier();
        message.State = OutboundState.AwaitingAcknowledgement;
        (_inflight ??= []).Add(message.PacketIdentifier, message);
        Write(connection, message, now);
    }

    private static void Write(MqttConnection connection, OutboundMessage message, long now)
    {
        var encoded = message.Message.Encode(connection.Version, message.QualityOfService, message.Retain, now, message.SubscriptionIdentifiers);
        if (connection.WritePublish(message.Message.Topic, encoded, message.PacketIdentifier, dup: message.Sent, evenIfFull: true))
        {
            message.Sent = true;
        }
    }

    private ushort NextPacketIdentifier()
    {
        // [MQTT-2.2.1-3]: a new identifier must not be one in use; the window is far below 65,535.
        do
        {
            _lastPacketIdentifier = _lastPacketIdentifier == ushort.MaxValue ? (ushort)1 : (ushort)(_lastPacketIdentifier + 1);
        }
        while (_inflight is not null && _inflight.ContainsKey(_lastPacketIdentifier));

        return _lastPacketIdentifier;
    }
}

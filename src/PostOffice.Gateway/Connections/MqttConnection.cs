using System.Buffers;
using System.Buffers.Binary;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Routing;
using PostOffice.Gateway.Security;
using PostOffice.Gateway.Sessions;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Connections;

/// <summary>
/// The protocol state of one network connection (MQTT 5.0 §3, §4): CONNECT, then packets in order until the
/// connection closes. Packets are handled one at a time on the read loop; acknowledgements that wait for the log
/// are sent later, in the order their PUBLISH packets arrived [MQTT-4.6.0-2].
/// </summary>
internal sealed partial class MqttConnection : IThreadPoolWorkItem
{
    /// <summary>Frames a pump handles on the readiness thread before it moves the connection to the thread pool.</summary>
    private const int FramesOnTheReadinessThread = 32;

    private readonly MqttBroker _broker;
    private readonly MqttTransportConnection _transport;
    private TopicAliases? _topicAliases;
    private MqttWill? _will;
    private Task _acknowledgements = Task.CompletedTask;
    private int _unacknowledgedIncoming;
    private Task? _closing;
    private TaskCompletionSource? _readLoopEnded;
    private int _readLoopDone;
    private bool _normalDisconnect;
    private bool _sendWill = true;
    private bool _connectSeen;
    private Action<MqttTransportConnection>? _completed;

    public MqttConnection(MqttBroker broker, MqttTransportConnection transport)
    {
        _broker = broker;
        _transport = transport;
        AcceptedAt = Environment.TickCount64;
        LastActivity = AcceptedAt;
    }

    public MqttProtocolVersion Version { get; private set; } = MqttProtocolVersion.V311;

    public MqttSession? Session { get; private set; }

    public MqttIdentity Identity { get; private set; } = MqttIdentity.Anonymous;

    public string ClientId => Session?.ClientId ?? string.Empty;

    /// <summary>QoS 1 and 2 messages the server may have in flight towards the client: its Receive Maximum, capped by ours.</summary>
    public int SendQuota { get; private set; }

    public int ClientMaximumPacketSize { get; private set; } = int.MaxValue;

    /// <summary>Seconds; 0 turns keep-alive off.</summary>
    public ushort KeepAlive { get; private set; }

    /// <summary>
    /// Aliases the server may use towards the client: its Topic Alias Maximum, capped by ours; 0 (3.1.1, or a 5.0
    /// client that allowed none) means none is ever sent [MQTT-3.1.2-27].
    /// </summary>
    public ushort OutgoingTopicAliasMaximum { get; private set; }

    public long AcceptedAt { get; }

    /// <summary>Environment.TickCount64 of the last packet received.</summary>
    public long LastActivity { get; private set; }

    public bool IsConnected { get; private set; }

    public MqttTransportConnection Transport => _transport;

    /// <summary>Serves the connection until it closes, waiting for each frame with an asynchronous read.</summary>
    public async Task RunAsync()
    {
        _broker.Track(this);
        Exception? failure = null;
        try
        {
            while (await _transport.ReadFrameAsync(_broker.Options.MaximumPacketSize).ConfigureAwait(false))
            {
                var step = ProcessFrame();
                if (!(step.IsCompletedSuccessfully ? step.Result : await step.ConfigureAwait(false)))
                {
                    break;
                }
            }
        }
#pragma warning disable CA1031 // Whatever ends the read loop closes only this connection (EndAsync sorts it out).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
        }

        await EndAsync(failure).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves the connection without a suspended method while it is idle (see
    /// <see cref="MqttTransportConnection.SupportsReadinessCallbacks"/>): frames are read as long as they come without
    /// waiting, then the transport is asked to queue this connection to the thread pool when more bytes arrive.
    /// Calls <paramref name="completed"/> once the connection has ended.
    /// </summary>
    public void Start(Action<MqttTransportConnection> completed)
    {
        _completed = completed;
        _broker.Track(this);
        Pump();
    }

    void IThreadPoolWorkItem.Execute() => Pump();

    private void Pump()
    {
        // On the readiness thread (see EpollReadiness.DispatchingAlone), what the frames at hand produce (deliveries,
        // acknowledgements) is sent when they are all handled, from this thread: no thread-pool hop on the way of a
        // message. A pump on the thread pool queues each send there as usual.
        var alone = EpollReadiness.DispatchingAlone;
        if (alone && !_acknowledgements.IsCompleted)
        {
            // Publishes of this connection wait for the disk: the thread pool serves it, so that the readiness thread
            // does not take turns with the log's completions (measured: 5-30% fewer persistent QoS 1 messages/s).
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            return;
        }

        if (alone)
        {
            BufferedTransportConnection.BeginSendBatch();
        }

        try
        {
            for (var frames = 1; ; frames++)
            {
                if (alone && frames % FramesOnTheReadinessThread == 0)
                {
                    // A publisher that keeps the socket full does not hold the readiness thread: the thread pool goes
                    // on reading it (the send batch ends below, in finally).
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                    return;
                }

                switch (_transport.TryReadFrame(_broker.Options.MaximumPacketSize))
                {
                    case MqttReadResult.WouldWait:
                        _transport.WaitForReadable(this);
                        return;
                    case MqttReadResult.Closed:
                        _ = EndAsync(null);
                        return;
                }

                var step = ProcessFrame();
                if (!step.IsCompletedSuccessfully)
                {
                    _ = ResumeAfterAsync(step);
                    return;
                }

                if (!step.Result)
                {
                    _ = EndAsync(null);
                    return;
                }
            }
        }
#pragma warning disable CA1031 // Whatever ends the read loop closes only this connection (EndAsync sorts it out).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _ = EndAsync(exception);
        }
        finally
        {
            if (alone)
            {
                BufferedTransportConnection.EndSendBatch();
            }
        }
    }

    /// <summary>A packet whose handling waits (for the log, say): the pump resumes once it is done.</summary>
    private async Task ResumeAfterAsync(ValueTask<bool> step)
    {
        bool more;
        try
        {
            more = await step.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever ends the read loop closes only this connection (EndAsync sorts it out).
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await EndAsync(exception).ConfigureAwait(false);
            return;
        }

        if (more)
        {
            Pump();
        }
        else
        {
            await EndAsync(null).ConfigureAwait(false);
        }
    }

    /// <summary>Handles the frame just read: CONNECT first, then any packet. False when the connection is to end.</summary>
    private ValueTask<bool> ProcessFrame()
    {
        if (!_connectSeen)
        {
            _connectSeen = true;
            return ConnectAsync(_transport.CurrentFrame);
        }

        LastActivity = Environment.TickCount64;
        var packet = MqttPacketReader.Read(_transport.CurrentFrame, Version);
        var handled = HandlePacket(packet);
        return handled.IsCompletedSuccessfully ? new ValueTask<bool>(!_normalDisconnect) : AfterPacketAsync(handled);
    }

    private async ValueTask<bool> AfterPacketAsync(ValueTask handled)
    {
        await handled.ConfigureAwait(false);
        return !_normalDisconnect;
    }

    /// <summary>The read loop has ended, normally or by <paramref name="failure"/>: closes and forgets the connection.</summary>
    private async Task EndAsync(Exception? failure)
    {
        switch (failure)
        {
            case null:
                break;
            case MqttProtocolException exception:
                Log.ProtocolViolation(_broker.Logger, ClientId, _transport.RemoteEndPoint?.ToString(), exception.Message);
                Disconnect(exception.ReasonCode == 0 ? MqttReasonCode.ProtocolError : exception.ReasonCode);
                break;
            case IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException:
                // The peer went away; nothing to answer.
                break;
            default:
                Log.ConnectionFailed(_broker.Logger, ClientId, failure);
                Disconnect(MqttReasonCode.UnspecifiedError);
                break;
        }

        try
        {
            Interlocked.Exchange(ref _readLoopDone, 1);
            Volatile.Read(ref _readLoopEnded)?.TrySetResult();
            if (Volatile.Read(ref _closing) is { } closing)
            {
                // A DISCONNECT (or CONNACK refusal) is on its way: let it leave before the transport is released.
                await closing.ConfigureAwait(false);
            }
            else
            {
                _transport.Abort();
            }

            _broker.Untrack(this);
            if (IsConnected)
            {
                // A DISCONNECT cleared _sendWill unless its reason was 0x04 [MQTT-3.14.4-3]; any other end publishes the Will.
                _broker.OnConnectionClosed(this, _sendWill ? _will : null);
            }
        }
        finally
        {
            _completed?.Invoke(_transport);
        }
    }

    /// <summary>Queues packet bytes. QoS 0 deliveries pass <paramref name="evenIfFull"/> false and are dropped for a slow client.</summary>
    public bool Write(ReadOnlySpan<byte> packet, bool evenIfFull)
    {
        if (_transport.TryWrite(packet, evenIfFull))
        {
            _broker.Statistics.CountSent(packet.Length);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Queues a PUBLISH encoded by <see cref="MqttMessage.Encode"/> with its packet identifier and DUP flag, giving it a
    /// Topic Alias when the client accepts them. Returns false when nothing was queued: the packet exceeds the
    /// client's Maximum Packet Size (discarded as if sent [MQTT-3.1.2-25]), or the connection refused it (closed, or
    /// full and <paramref name="evenIfFull"/> false).
    /// </summary>
    public bool WritePublish(string topic, ReadOnlySpan<byte> encoded, ushort packetIdentifier, bool dup, bool evenIfFull)
    {
        // A resend carries its Topic Name: it goes out on a new connection, whose aliases start empty [MQTT-3.3.2-7].
        // A topic of three bytes or fewer is not aliased: the alias property (three bytes) would not be shorter.
        if (OutgoingTopicAliasMaximum == 0 || dup || MqttPublishTopicAlias.GetTopicNameLength(encoded) <= 3)
        {
            return WritePublishAsEncoded(encoded, packetIdentifier, dup, evenIfFull);
        }

        var aliases = GetTopicAliases();
        lock (aliases)
        {
            // [MQTT-3.3.2-11]: never above the client's Topic Alias Maximum (nor 0 [MQTT-3.3.2-8]).
            var alias = aliases.ChooseOutgoing(topic, OutgoingTopicAliasMaximum, out var known);
            var size = MqttPublishTopicAlias.GetSize(encoded, withTopicName: !known);
            if (size > ClientMaximumPacketSize)
            {
                return WritePublishAsEncoded(encoded, packetIdentifier, dup, evenIfFull);
            }

            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var packet = buffer.AsSpan(0, MqttPublishTopicAlias.Write(encoded, alias, withTopicName: !known, buffer));
                if (packetIdentifier != 0)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(packet[MqttMessage.PacketIdentifierOffset(packet)..], packetIdentifier);
                }

                if (!Write(packet, evenIfFull))
                {
                    return false;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (!known)
            {
                aliases.Assign(topic, alias, OutgoingTopicAliasMaximum);
            }

            return true;
        }
    }

    public void SendPubRel(ushort packetIdentifier) => SendAcknowledgement(MqttPacketType.PubRel, packetIdentifier, MqttReasonCode.Success);

    /// <summary>Sends DISCONNECT with a reason (5.0 only; a 3.1.1 server just closes) and closes the connection.</summary>
    public void Disconnect(MqttReasonCode reason)
    {
        if (IsConnected && Version == MqttProtocolVersion.V500)
        {
            // A Reason String says why in words (3.14.2.2.3); clients such as paho 1.6 also read the reason code only
            // when the packet is longer than two bytes.
            var disconnect = new MqttDisconnectPacket { ReasonCode = reason };
            disconnect.Properties.ReasonString = DescribeDisconnect(reason);
            SendPacket(disconnect);
        }

        _ = StartClosing();
    }

    private static string DescribeDisconnect(MqttReasonCode reason) => reason switch
    {
        MqttReasonCode.SessionTakenOver => "session taken over by another connection with the same client identifier",
        MqttReasonCode.KeepAliveTimeout => "no packet within 1.5 times the keep alive",
        MqttReasonCode.ServerShuttingDown => "server shutting down",
        MqttReasonCode.ReceiveMaximumExceeded => "more unacknowledged QoS 1 and 2 publishes than the Receive Maximum",
        MqttReasonCode.TopicAliasInvalid => "topic alias out of range",
        MqttReasonCode.PacketTooLarge => "packet larger than the Maximum Packet Size",
        MqttReasonCode.MalformedPacket => "malformed packet",
        _ => "protocol error",
    };

    /// <summary>Closes because another connection took the client identifier over (5.0: reason 0x8E) [MQTT-3.1.4-3].</summary>
    public void TakenOver()
    {
        Disconnect(MqttReasonCode.SessionTakenOver);
    }

    /// <summary>Starts closing once: queued packets (the DISCONNECT) leave first. Returns the closing task.</summary>
    private Task StartClosing()
    {
        var closing = new Task<Task>(CloseAfterFlushAsync);
        if (Interlocked.CompareExchange(ref _closing, closing.Unwrap(), null) is { } already)
        {
            return already;
        }

        closing.Start(TaskScheduler.Default);
        return _closing;
    }

    /// <summary>
    /// Sends what is queued, ends our side of the stream and waits briefly for the peer to close its side. Closing a
    /// socket that still has unread input makes the kernel send RST, which can destroy the DISCONNECT in flight.
    /// </summary>
    private async Task CloseAfterFlushAsync()
    {
        try
        {
            await _transport.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            _transport.CloseOutput();
            // Made only now: an idle connection carries no completion source of its own.
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            ended = Interlocked.CompareExchange(ref _readLoopEnded, ended, null) ?? ended;
            if (Volatile.Read(ref _readLoopDone) == 0)
            {
                await ended.Task.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is TimeoutException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }

        _transport.Abort();
    }

    private void SendPacket(MqttPacket packet)
    {
        var size = MqttPacketWriter.GetSize(packet, Version);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var written = MqttPacketWriter.Write(packet, Version, buffer);
            Write(buffer.AsSpan(0, written), evenIfFull: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool WritePublishAsEncoded(ReadOnlySpan<byte> encoded, ushort packetIdentifier, bool dup, bool evenIfFull)
    {
        if (encoded.Length > ClientMaximumPacketSize)
        {
            return false;
        }

        if (packetIdentifier == 0)
        {
            return Write(encoded, evenIfFull);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            var packet = buffer.AsSpan(0, encoded.Length);
            encoded.CopyTo(packet);
            if (dup)
            {
                packet[0] |= 0x08; // DUP [MQTT-3.3.1-1]
            }

            BinaryPrimitives.WriteUInt16BigEndian(packet[MqttMessage.PacketIdentifierOffset(packet)..], packetIdentifier);
            return Write(packet, evenIfFull);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The connection's alias tables, made on first use by either direction.</summary>
    private TopicAliases GetTopicAliases() =>
        Volatile.Read(ref _topicAliases) ?? Interlocked.CompareExchange(ref _topicAliases, new TopicAliases(), null) ?? _topicAliases!;

    private void SendAcknowledgement(MqttPacketType type, ushort packetIdentifier, MqttReasonCode reason)
    {
        // PUBACK, PUBREC, PUBREL and PUBCOMP without properties: reason code 0 may be omitted in 5.0 (3.4.2.1).
        Span<byte> bytes = stackalloc byte[5];
        bytes[0] = (byte)(((int)type << 4) | (type == MqttPacketType.PubRel ? 0x02 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], packetIdentifier);
        if (Version == MqttProtocolVersion.V500 && reason != MqttReasonCode.Success)
        {
            bytes[1] = 3;
            bytes[4] = (byte)reason;
            Write(bytes, evenIfFull: true);
        }
        else
        {
            bytes[1] = 2;
            Write(bytes[..4], evenIfFull: true);
        }
    }

    private ValueTask HandlePacket(MqttPacket packet)
    {
        switch (packet)
        {
            case MqttPublishPacket publish:
                return HandlePublishAsync(publish);
            case MqttPubAckPacket ack:
                _broker.OnAcknowledged(Session!, Session!.Gate, ack.PacketIdentifier, OutboundState.AwaitingAcknowledgement, ack.ReasonCode);
                return ValueTask.CompletedTask;
            case MqttPubRecPacket received:
                _broker.OnAcknowledged(Session!, Session!.Gate, received.PacketIdentifier, OutboundState.Queued, received.ReasonCode);
                return ValueTask.CompletedTask;
            case MqttPubCompPacket complete:
                _broker.OnAcknowledged(Session!, Session!.Gate, complete.PacketIdentifier, OutboundState.AwaitingCompletion, complete.ReasonCode);
                return ValueTask.CompletedTask;
            case MqttPubRelPacket release:
                HandlePubRel(release);
                return ValueTask.CompletedTask;
            case MqttSubscribePacket subscribe:
                return HandleSubscribeAsync(subscribe);
            case MqttUnsubscribePacket unsubscribe:
                return HandleUnsubscribeAsync(unsubscribe);
            case MqttPingReqPacket:
                Span<byte> pong = [0xD0, 0x00];
                Write(pong, evenIfFull: true);
                return ValueTask.CompletedTask;
            case MqttDisconnectPacket disconnect:
                HandleDisconnect(disconnect);
                return ValueTask.CompletedTask;
            case MqttConnectPacket:
                // [MQTT-3.1.0-2]: a second CONNECT is a Protocol Error.
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, "A second CONNECT on one connection [MQTT-3.1.0-2]");
            case MqttAuthPacket:
                // No enhanced authentication method is offered, so AUTH is never expected [MQTT-4.12.0-1].
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, "AUTH without an Authentication Method in CONNECT");
            default:
                // CONNACK, SUBACK, UNSUBACK and PINGRESP travel only from server to client.
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"{packet.PacketType} is never sent by a client");
        }
    }

    private void HandleDisconnect(MqttDisconnectPacket disconnect)
    {
        if (Version == MqttProtocolVersion.V500 && disconnect.Properties.SessionExpiryInterval is { } expiry)
        {
            // [MQTT-3.14.2-2]: a session that ends with its connection cannot be extended at DISCONNECT.
            if (Session!.ExpiryInterval == 0 && expiry != 0)
            {
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, "Session Expiry Interval set at DISCONNECT after 0 at CONNECT [MQTT-3.14.2-2]");
            }

            _broker.SetSessionExpiry(Session, Math.Min(expiry, _broker.Options.MaximumSessionExpiryInterval));
        }

        // [MQTT-3.14.4-3]: a normal DISCONNECT discards the Will; reason 0x04 asks for it to be published.
        _sendWill = Version == MqttProtocolVersion.V500 && disconnect.ReasonCode == MqttReasonCode.DisconnectWithWillMessage;
        _normalDisconnect = true;
    }

    private void HandlePubRel(MqttPubRelPacket release)
    {
        // [MQTT-4.3.3-11]: PUBCOMP even for an unknown identifier (5.0 says so with 0x92).
        var known = _broker.ReleaseIncoming(Session!, release.PacketIdentifier, out var durable);
        var reason = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound;
        if (durable.IsCompletedSuccessfully && _acknowledgements.IsCompleted)
        {
            SendAcknowledgement(MqttPacketType.PubComp, release.PacketIdentifier, reason);
            return;
        }

        _acknowledgements = CompleteWhenDurableAsync(_acknowledgements, durable.AsTask(), release.PacketIdentifier, reason);
    }

    private async Task CompleteWhenDurableAsync(Task previous, Task durable, ushort packetIdentifier, MqttReasonCode reason)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await durable.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The store refused the write: PUBCOMP has no failure code, so the connection closes.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.ReleaseNotStored(_broker.Logger, ClientId, packetIdentifier, exception.Message);
            _transport.Abort();
            return;
        }

        SendAcknowledgement(MqttPacketType.PubComp, packetIdentifier, reason);
    }

    private async ValueTask HandlePublishAsync(MqttPublishPacket publish)
    {
        var topic = ResolveTopic(publish);
        var qos = publish.QualityOfService;
        if (qos != MqttQualityOfService.AtMostOnce && ++_unacknowledgedIncoming > _broker.Options.ReceiveMaximum && Version == MqttProtocolVersion.V500)
        {
            // [MQTT-3.3.4-9]: more unacknowledged QoS 1 and 2 publishes than the Receive Maximum we announced.
            throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, "Receive Maximum exceeded [MQTT-3.3.4-9]");
        }

        _broker.Statistics.CountReceived(publish.Payload.Length);
        if (!_broker.Authorizer.CanPublish(Identity, ClientId, topic))
        {
            Log.PublishDenied(_broker.Logger, ClientId, topic);
            Acknowledge(publish, Version == MqttProtocolVersion.V500 ? MqttReasonCode.NotAuthorized : MqttReasonCode.Success);
            return;
        }

        if (qos == MqttQualityOfService.ExactlyOnce)
        {
            bool first;
            lock (Session!.Gate)
            {
                first = Session.BeginIncoming(publish.PacketIdentifier);
            }

            if (!first)
            {
                // A resend of a PUBLISH already routed: answer PUBREC again, deliver nothing [MQTT-4.3.3-10].
                Acknowledge(publish, MqttReasonCode.Success);
                return;
            }
        }

        var message = MqttMessage.FromPublish(publish, topic, ClientId, _broker.Now);
        var durable = qos == MqttQualityOfService.ExactlyOnce
            ? _broker.Publish(message, out var matched, Session, publish.PacketIdentifier)
            : _broker.Publish(message, out matched);
        var reason = matched || Version != MqttProtocolVersion.V500 ? MqttReasonCode.Success : MqttReasonCode.NoMatchingSubscribers;
        if (durable.IsCompletedSuccessfully && _acknowledgements.IsCompleted)
        {
            Acknowledge(publish, reason);
            return;
        }

        if (qos == MqttQualityOfService.AtMostOnce)
        {
            await durable.ConfigureAwait(false);
            return;
        }

        _acknowledgements = AcknowledgeWhenDurableAsync(_acknowledgements, durable.AsTask(), publish, reason);
    }

    private async Task AcknowledgeWhenDurableAsync(Task previous, Task durable, MqttPublishPacket publish, MqttReasonCode reason)
    {
        await previous.ConfigureAwait(false);
        try
        {
            await durable.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The store refused the write: the publisher must not be told it is safe.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.PublishNotStored(_broker.Logger, ClientId, publish.TopicName, exception.Message);
            if (Version == MqttProtocolVersion.V500)
            {
                Acknowledge(publish, MqttReasonCode.ImplementationSpecificError);
            }
            else
            {
                _transport.Abort();
            }

            return;
        }

        Acknowledge(publish, reason);
    }

    private void Acknowledge(MqttPublishPacket publish, MqttReasonCode reason)
    {
        switch (publish.QualityOfService)
        {
            case MqttQualityOfService.AtLeastOnce:
                _unacknowledgedIncoming--;
                SendAcknowledgement(MqttPacketType.PubAck, publish.PacketIdentifier, reason);
                break;
            case MqttQualityOfService.ExactlyOnce:
                _unacknowledgedIncoming--;
                SendAcknowledgement(MqttPacketType.PubRec, publish.PacketIdentifier, reason);
                if (reason >= MqttReasonCode.UnspecifiedError)
                {
                    lock (Session!.Gate)
                    {
                        // A refused QoS 2 publish ends its exchange here (§4.3.3): no PUBREL follows.
                        Session.ReleaseIncoming(publish.PacketIdentifier);
                    }
                }

                break;
        }
    }

    private string ResolveTopic(MqttPublishPacket publish)
    {
        if (Version != MqttProtocolVersion.V500 || publish.Properties.TopicAlias is not { } alias)
        {
            return publish.TopicName;
        }

        // [MQTT-3.3.2-8] / [MQTT-3.3.2-9]: 0 and values above our Topic Alias Maximum are errors.
        if (alias == 0 || alias > _broker.Options.TopicAliasMaximum)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, $"Topic Alias {alias} is outside 1..{_broker.Options.TopicAliasMaximum} [MQTT-3.3.2-9]");
        }

        var incoming = GetTopicAliases().Incoming ??= [];
        if (publish.TopicName.Length > 0)
        {
            incoming[alias] = publish.TopicName;
            return publish.TopicName;
        }

        return incoming.TryGetValue(alias, out var topic)
            ? topic
            : throw new MqttProtocolException(MqttReasonCode.ProtocolError, $"Topic Alias {alias} was never set on this connection (§3.3.2.3.4)");
    }
}

using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt;

/// <summary>
/// One MQTT client connection over a socket with System.IO.Pipelines, for the pub/sub load where every connection is
/// busy. Writes go through one lock so that a publishing loop and the receive loop (sending acknowledgements) never
/// interleave bytes; each holder encodes a batch and flushes once.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    public const int MaximumPacketSize = 16 * 1024 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _lastSendTimestamp;

    private MqttConnection(Socket socket, MqttProtocolVersion version, string clientId)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
        Version = version;
        ClientId = clientId;
    }

    public MqttProtocolVersion Version { get; }

    public string ClientId { get; }

    public PipeReader Input { get; }

    /// <summary>Only between <see cref="AcquireWriterAsync"/> and <see cref="ReleaseWriterAsync"/>.</summary>
    public PipeWriter Output { get; }

    /// <summary>The server's Receive Maximum from a 5.0 CONNACK: QoS 1/2 publishes that may await acknowledgement.</summary>
    public ushort? ReceiveMaximum { get; private set; }

    public long LastSendTimestamp => Volatile.Read(ref _lastSendTimestamp);

    /// <summary>Connects, sends CONNECT and waits for CONNACK; throws <see cref="MqttProtocolException"/> when the server refuses.</summary>
    public static async Task<MqttConnection> OpenAsync(
        IPEndPoint server, IPAddress? source, MqttProtocolVersion version, string clientId, ushort keepAliveSeconds, TimeSpan timeout, CancellationToken cancellationToken,
        uint persistentSessionSeconds = 0)
    {
        var socket = await LoopbackSocket.ConnectAsync(server, source, timeout, cancellationToken);
        var connection = new MqttConnection(socket, version, clientId);
        try
        {
            MqttEncoder.WriteConnect(connection.Output, version, clientId, keepAliveSeconds, persistentSessionSeconds);
            await connection.Output.FlushAsync(cancellationToken);
            var connAck = await connection.ReadHandshakeReplyAsync(MqttPacketType.ConnAck, version, timeout, cancellationToken);
            if (connAck.Code != 0)
            {
                throw new MqttProtocolException($"CONNACK refused the connection with code 0x{connAck.Code:X2}.");
            }

            connection.ReceiveMaximum = connAck.ReceiveMaximum;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Subscribes to one filter before the receive loop starts; throws when SUBACK reports a failure.</summary>
    public async Task SubscribeAsync(ReadOnlyMemory<byte> topicFilter, int qos, TimeSpan timeout, CancellationToken cancellationToken)
    {
        MqttEncoder.WriteSubscribe(Output, Version, packetId: 1, topicFilter.Span, qos);
        await Output.FlushAsync(cancellationToken);
        var code = (await ReadHandshakeReplyAsync(MqttPacketType.SubAck, Version, timeout, cancellationToken)).Code;
        if (code >= 0x80)
        {
            throw new MqttProtocolException($"SUBACK refused the subscription with code 0x{code:X2}.");
        }
    }

    public async ValueTask<PipeWriter> AcquireWriterAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        return Output;
    }

    /// <summary>Flushes what the holder wrote and releases the writer; a flush waits while the socket is backed up.</summary>
    public async ValueTask ReleaseWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Output.UnflushedBytes > 0)
            {
                await Output.FlushAsync(cancellationToken);
                Volatile.Write(ref _lastSendTimestamp, Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>PINGREQ unless something was sent within <paramref name="idleTicks"/>; skipped when the writer is busy (it is sending anyway).</summary>
    public async ValueTask PingIfIdleAsync(long idleTicks, CancellationToken cancellationToken)
    {
        if (Stopwatch.GetTimestamp() - LastSendTimestamp < idleTicks || !await _writeLock.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            MqttEncoder.WritePingReq(Output);
            await Output.FlushAsync(cancellationToken);
            Volatile.Write(ref _lastSendTimestamp, Stopwatch.GetTimestamp());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Sends DISCONNECT and closes; errors are ignored because the connection is going away either way.</summary>
    public async Task DisconnectAsync(TimeSpan timeout)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        try
        {
            await _writeLock.WaitAsync(timeoutSource.Token);
            try
            {
                MqttEncoder.WriteDisconnect(Output);
                await Output.FlushAsync(timeoutSource.Token);
            }
            finally
            {
                _writeLock.Release();
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Already closed by the server or by a failed receive loop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }

    private async Task<MqttConnAck> ReadHandshakeReplyAsync(MqttPacketType expected, MqttProtocolVersion version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var result = await Input.ReadAsync(timeoutSource.Token);
                if (TryReadReply(result.Buffer, expected, version, out var consumed, out var reply))
                {
                    Input.AdvanceTo(consumed);
                    return reply;
                }

                Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                if (result.IsCompleted)
                {
                    throw new MqttProtocolException($"The server closed the connection before {expected}.");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no {expected} within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>CONNACK as is; a SUBACK's reason code is returned in <see cref="MqttConnAck.Code"/>.</summary>
    private static bool TryReadReply(ReadOnlySequence<byte> buffer, MqttPacketType expected, MqttProtocolVersion version, out SequencePosition consumed, out MqttConnAck reply)
    {
        var reader = new SequenceReader<byte>(buffer);
        consumed = buffer.Start;
        reply = default;
        if (!MqttDecoder.TryReadFrame(ref reader, MaximumPacketSize, out var frame))
        {
            return false;
        }

        consumed = reader.Position;
        reply = expected == MqttPacketType.ConnAck ? MqttDecoder.ReadConnAck(frame, version) : new MqttConnAck(MqttDecoder.ReadSubAckCode(frame, version), null, null);
        return true;
    }
}

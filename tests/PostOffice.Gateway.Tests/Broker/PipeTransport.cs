using System.Buffers;
using System.Net;
using System.Threading.Channels;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Broker;

/// <summary>An in-memory connection: the test plays the client on one end, the broker serves the other.</summary>
internal sealed class PipeTransport : MqttTransportConnection
{
    private readonly Channel<byte[]> _toServer = Channel.CreateUnbounded<byte[]>();
    private byte[] _pending = [];
    private MqttFrame _frame;
    private int _aborted;

    public Channel<byte[]> ToClient { get; } = Channel.CreateUnbounded<byte[]>();

    public override string Kind => "test";

    public override EndPoint? RemoteEndPoint => new IPEndPoint(IPAddress.Loopback, 1);

    public override MqttFrame CurrentFrame => _frame;

    public override long QueuedBytes => 0;

    public bool IsAborted => Volatile.Read(ref _aborted) == 1;

    public bool SendToServer(byte[] bytes) => _toServer.Writer.TryWrite(bytes);

    /// <summary>The client closes its end: the server's read sees the end of the stream.</summary>
    public void CloseFromClient() => _toServer.Writer.TryComplete();

    public override async ValueTask<bool> ReadFrameAsync(int maximumPacketSize)
    {
        while (true)
        {
            var sequence = new ReadOnlySequence<byte>(_pending);
            if (MqttFrameReader.TryReadFrame(ref sequence, maximumPacketSize, out var frame))
            {
                // Copy the body: it must stay valid after _pending is replaced.
                _frame = new MqttFrame(frame.FirstByte, new ReadOnlySequence<byte>(frame.Body.ToArray()));
                _pending = sequence.ToArray();
                return true;
            }

            if (IsAborted || !await _toServer.Reader.WaitToReadAsync())
            {
                return false;
            }

            while (_toServer.Reader.TryRead(out var bytes))
            {
                _pending = [.. _pending, .. bytes];
            }
        }
    }

    public override bool TryWrite(ReadOnlySpan<byte> packet, bool evenIfFull = false) => !IsAborted && ToClient.Writer.TryWrite(packet.ToArray());

    public override ValueTask FlushAsync() => ValueTask.CompletedTask;

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 0)
        {
            _toServer.Writer.TryComplete();
            ToClient.Writer.TryComplete();
        }
    }

    public override ValueTask DisposeAsync()
    {
        Abort();
        return ValueTask.CompletedTask;
    }
}

using System.Net;
using System.Threading.Channels;
using PostOffice.Gateway.Transport;

namespace PostOffice.Gateway.Tests.Transport;

/// <summary>
/// A transport whose sends complete only when the test releases them, so that what queues while a send is in
/// flight can be observed exactly. Reads are fed from a channel of byte chunks.
/// </summary>
internal sealed class GatedTransportConnection : BufferedTransportConnection
{
    private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<(byte[] Data, TaskCompletionSource Release)> _sends = Channel.CreateUnbounded<(byte[], TaskCompletionSource)>();
    private byte[]? _chunk;
    private int _chunkOffset;

    public override string Kind => "test";

    public override EndPoint? RemoteEndPoint => null;

    /// <summary>Every send, in order, with the completion that lets it finish.</summary>
    public ChannelReader<(byte[] Data, TaskCompletionSource Release)> Sends => _sends.Reader;

    public void Feed(byte[] chunk) => _incoming.Writer.TryWrite(chunk);

    public void EndInput() => _incoming.Writer.TryComplete();

    protected override async ValueTask<int> WaitForDataAsync()
    {
        if (_chunk is null && !await _incoming.Reader.WaitToReadAsync())
        {
            return 0;
        }

        return 0;
    }

    protected override ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        if (_chunk is null && !_incoming.Reader.TryRead(out _chunk))
        {
            return new ValueTask<int>(0);
        }

        var count = Math.Min(buffer.Length, _chunk.Length - _chunkOffset);
        _chunk.AsSpan(_chunkOffset, count).CopyTo(buffer.Span);
        _chunkOffset += count;
        if (_chunkOffset == _chunk.Length)
        {
            _chunk = null;
            _chunkOffset = 0;
        }

        return new ValueTask<int>(count);
    }

    protected override ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sends.Writer.TryWrite((data.ToArray(), release));
        return new ValueTask(release.Task);
    }

    protected override void CloseTransport() => _incoming.Writer.TryComplete();
}

using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// The framing and write queue every byte-stream transport shares. A derived class supplies only a readiness wait
/// that holds no buffer, a receive, a send and an abortive close; this class rents a receive buffer only between
/// readiness and the moment every received byte is consumed, and coalesces every packet queued while a send is in
/// flight into the next send.
/// </summary>
public abstract class BufferedTransportConnection : MqttTransportConnection, IThreadPoolWorkItem
{
    /// <summary>First receive buffer: most MQTT packets from devices are far smaller.</summary>
    internal const int InitialReceiveBufferSize = 4096;

    /// <summary>Smallest outgoing buffer; it doubles while a slow consumer lets bytes pile up.</summary>
    internal const int InitialSendBufferSize = 4096;

    /// <summary>
    /// At the end of a send batch, how many of the connections it wrote to start their send on the batch's own thread;
    /// the others go to the thread pool first, so that a wide fan-out is still sent by every core.
    /// </summary>
    internal const int InlineSendsPerBatch = 8;

    private static long _rentedBuffers;

    [ThreadStatic]
    private static SendBatch? _sendBatch;

    // Read side: touched only by the single reader (the handler's loop), and by DisposeAsync after it ended.
    private byte[]? _receiveBuffer;
    private int _receiveStart;
    private int _receiveEnd;
    private MqttFrame _currentFrame;

    // Write side, guarded by _writeGate: the buffer TryWrite appends to; the send loop takes it whole.
    private readonly Lock _writeGate = new();
    private byte[]? _writeBuffer;
    private int _writeCount;
    private long _queuedBytes;
    private long _totalQueued;
    private long _totalSent;
    private bool _sendScheduled;
    private bool _closed;
    private List<(long Target, TaskCompletionSource Completion)>? _flushWaiters;

    private int _aborted;

    /// <summary>Buffers (receive and send) rented from the pool by every transport connection and not yet returned.</summary>
    internal static long RentedBuffers => Volatile.Read(ref _rentedBuffers);

    /// <summary>Whether this connection holds a receive buffer now: false whenever it waits with nothing unconsumed.</summary>
    internal bool HoldsReceiveBuffer => _receiveBuffer is not null;

    /// <summary>Whether this connection holds an outgoing buffer now: false once everything queued was sent.</summary>
    internal bool HoldsSendBuffer
    {
        get
        {
            lock (_writeGate)
            {
                return _writeBuffer is not null;
            }
        }
    }

    public override MqttFrame CurrentFrame => _currentFrame;

    public override long QueuedBytes => Volatile.Read(ref _queuedBytes);

    protected bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>
    /// Waits, holding no buffer, until bytes can be received (or the stream ended, which the next receive reports).
    /// May throw a transport failure, which ends the read as a close. The result carries no meaning; it lets a
    /// derived class return its stream's zero-byte read as it is, without an async wrapper held per idle connection.
    /// </summary>
    protected abstract ValueTask<int> WaitForDataAsync();

    /// <summary>Receives at least one byte into <paramref name="buffer"/>; 0 once the stream is closed or failed.</summary>
    protected abstract ValueTask<int> ReceiveAsync(Memory<byte> buffer);

    /// <summary>
    /// A receive that never waits, for <see cref="TryReadFrame"/>: bytes received, 0 once the stream is closed or
    /// failed, -1 when nothing is there yet. Only where <see cref="MqttTransportConnection.SupportsReadinessCallbacks"/>.
    /// </summary>
    protected virtual int ReceiveNow(Span<byte> buffer) => throw new NotSupportedException();

    /// <summary>Hands every byte of <paramref name="data"/> to the operating system; throws on failure.</summary>
    protected abstract ValueTask SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>Closes the underlying stream at once; pending receives and sends end.</summary>
    protected abstract void CloseTransport();

    /// <summary>On disposal without a prior <see cref="Abort"/>: ends the stream in an orderly way where it has one.</summary>
    protected virtual ValueTask CloseGracefullyAsync() => default;

    /// <summary>Releases the underlying stream after <see cref="CloseTransport"/>.</summary>
    protected virtual ValueTask DisposeTransportAsync() => default;

    public override ValueTask<bool> ReadFrameAsync(int maximumPacketSize)
    {
        // The previous frame's bytes were consumed when it was produced; its body is released now.
        _currentFrame = default;
        if (_receiveStart != _receiveEnd)
        {
            if (TryParseFrame(maximumPacketSize))
            {
                return new ValueTask<bool>(true);
            }
        }
        else
        {
            ReturnReceiveBuffer();
        }

        return ReadFrameSlowAsync(maximumPacketSize);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReadFrameSlowAsync(int maximumPacketSize)
    {
        while (true)
        {
            if (IsAborted)
            {
                ReturnReceiveBuffer();
                return false;
            }

            if (_receiveBuffer is null)
            {
                try
                {
                    await WaitForDataAsync();
                }
                catch (Exception exception) when (IsTransportFailure(exception))
                {
                    return false;
                }

                if (IsAborted)
                {
                    return false;
                }

                _receiveBuffer = Rent(InitialReceiveBufferSize);
                _receiveStart = 0;
                _receiveEnd = 0;
            }
            else
            {
                MakeRoomForFrame(maximumPacketSize);
            }

            int received;
            try
            {
                received = await ReceiveAsync(_receiveBuffer.AsMemory(_receiveEnd));
            }
            catch (Exception exception) when (IsTransportFailure(exception))
            {
                received = 0;
            }

            if (received <= 0 || IsAborted)
            {
                // Peer closed, reset or Abort: the bytes of an incomplete frame are discarded.
                _receiveStart = _receiveEnd = 0;
                ReturnReceiveBuffer();
                return false;
            }

            _receiveEnd += received;
            if (TryParseFrame(maximumPacketSize))
            {
                return true;
            }
        }
    }

    public override MqttReadResult TryReadFrame(int maximumPacketSize)
    {
        _currentFrame = default;
        while (true)
        {
            if (IsAborted)
            {
                _receiveStart = _receiveEnd = 0;
                ReturnReceiveBuffer();
                return MqttReadResult.Closed;
            }

            if (_receiveStart != _receiveEnd)
            {
                if (TryParseFrame(maximumPacketSize))
                {
                    return MqttReadResult.Frame;
                }

                MakeRoomForFrame(maximumPacketSize);
            }
            else if (_receiveBuffer is null)
            {
                // Rented only for this attempt: an idle connection goes back to waiting without it.
                _receiveBuffer = Rent(InitialReceiveBufferSize);
            }
            else
            {
                _receiveStart = _receiveEnd = 0;
            }

            var received = ReceiveNow(_receiveBuffer.AsSpan(_receiveEnd));
            if (received < 0)
            {
                if (_receiveStart == _receiveEnd)
                {
                    ReturnReceiveBuffer();
                }

                return MqttReadResult.WouldWait;
            }

            if (received == 0)
            {
                // Peer closed or reset: the bytes of an incomplete frame are discarded.
                _receiveStart = _receiveEnd = 0;
                ReturnReceiveBuffer();
                return MqttReadResult.Closed;
            }

            _receiveEnd += received;
        }
    }

    private bool TryParseFrame(int maximumPacketSize)
    {
        var unconsumed = new ReadOnlySequence<byte>(_receiveBuffer!, _receiveStart, _receiveEnd - _receiveStart);
        if (!MqttFrameReader.TryReadFrame(ref unconsumed, maximumPacketSize, out var frame))
        {
            return false;
        }

        _currentFrame = frame;
        _receiveStart = _receiveEnd - (int)unconsumed.Length;
        return true;
    }

    /// <summary>
    /// Before receiving more of an incomplete frame: moves its bytes to the start of the buffer, or into a larger
    /// buffer when the fixed header announces a frame the current one cannot hold (TryReadFrame has already refused
    /// any frame above the maximum size).
    /// </summary>
    private void MakeRoomForFrame(int maximumPacketSize)
    {
        var buffer = _receiveBuffer!;
        var pending = _receiveEnd - _receiveStart;
        var needed = Math.Max(PeekFrameSize(buffer.AsSpan(_receiveStart, pending)), pending + 1);
        needed = Math.Min(needed, Math.Max(maximumPacketSize, pending + 1));
        if (buffer.Length - _receiveStart >= needed && _receiveEnd < buffer.Length)
        {
            return;
        }

        var target = buffer.Length >= needed ? buffer : Rent(needed);
        buffer.AsSpan(_receiveStart, pending).CopyTo(target);
        if (!ReferenceEquals(target, buffer))
        {
            Return(buffer);
            _receiveBuffer = target;
        }

        _receiveStart = 0;
        _receiveEnd = pending;
    }

    /// <summary>The whole size the fixed header announces (2.1.4), or 0 while the header itself is incomplete.</summary>
    private static int PeekFrameSize(ReadOnlySpan<byte> bytes)
    {
        var remainingLength = 0;
        for (var index = 1; index < bytes.Length && index <= 4; index++)
        {
            remainingLength |= (bytes[index] & 0x7F) << (7 * (index - 1));
            if ((bytes[index] & 0x80) == 0)
            {
                return index + 1 + remainingLength;
            }
        }

        return 0;
    }

    private void ReturnReceiveBuffer()
    {
        if (_receiveBuffer is { } buffer)
        {
            _receiveBuffer = null;
            _receiveStart = _receiveEnd = 0;
            Return(buffer);
        }
    }

    public override bool TryWrite(ReadOnlySpan<byte> packet, bool evenIfFull = false)
    {
        bool schedule;
        lock (_writeGate)
        {
            if (_closed || (!evenIfFull && _queuedBytes > MaximumQueuedBytes))
            {
                return false;
            }

            AppendLocked(packet);
            schedule = !_sendScheduled;
            _sendScheduled = true;
        }

        if (schedule)
        {
            if (_sendBatch is { Depth: > 0 } batch)
            {
                // Started when the batch ends, on this thread: no hop through the thread pool, and whatever else the
                // batch writes to this connection leaves in the same send.
                batch.Connections.Add(this);
            }
            else
            {
                // The send runs on the thread pool, so packets queued meanwhile (a burst of acknowledgements, a
                // fan-out reaching this subscriber several times) leave in one send.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
            }
        }

        return true;
    }

    /// <summary>
    /// Starts a send batch on this thread (batches nest): until the matching <see cref="EndSendBatch"/>, connections
    /// written to wait for its end to start their send, instead of each being queued to the thread pool. A reader
    /// wraps the handling of the frames it has at hand in one batch, so that the deliveries and acknowledgements they
    /// produce leave together when it is done, most of them from the reader's own thread.
    /// </summary>
    public static void BeginSendBatch() => (_sendBatch ??= new SendBatch()).Depth++;

    /// <summary>Ends the batch <see cref="BeginSendBatch"/> started; the outermost end starts the pending sends.</summary>
    public static void EndSendBatch()
    {
        var batch = _sendBatch!;
        if (--batch.Depth > 0 || batch.Connections.Count == 0)
        {
            return;
        }

        var connections = batch.Connections;
        for (var index = InlineSendsPerBatch; index < connections.Count; index++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(connections[index], preferLocal: false);
        }

        // A send that completes at once (the usual case: the socket buffer has room) finishes here; one that must
        // wait continues on the thread pool.
        var inline = Math.Min(connections.Count, InlineSendsPerBatch);
        for (var index = 0; index < inline; index++)
        {
            _ = connections[index].SendLoopAsync();
        }

        connections.Clear();
    }

    private void AppendLocked(ReadOnlySpan<byte> packet)
    {
        Debug.Assert(_writeGate.IsHeldByCurrentThread);
        var required = _writeCount + packet.Length;
        if (_writeBuffer is null || _writeBuffer.Length < required)
        {
            var size = Math.Max(InitialSendBufferSize, _writeBuffer is null ? required : Math.Max(required, _writeBuffer.Length * 2));
            var grown = Rent(size);
            if (_writeBuffer is not null)
            {
                _writeBuffer.AsSpan(0, _writeCount).CopyTo(grown);
                Return(_writeBuffer);
            }

            _writeBuffer = grown;
        }

        packet.CopyTo(_writeBuffer.AsSpan(_writeCount));
        _writeCount += packet.Length;
        _queuedBytes += packet.Length;
        _totalQueued += packet.Length;
    }

    void IThreadPoolWorkItem.Execute() => _ = SendLoopAsync();

    private async Task SendLoopAsync()
    {
        while (true)
        {
            byte[] buffer;
            int count;
            lock (_writeGate)
            {
                if (_closed || _writeCount == 0)
                {
                    // Exits holding no buffer; the next TryWrite schedules a new loop.
                    _sendScheduled = false;
                    return;
                }

                buffer = _writeBuffer!;
                count = _writeCount;
                _writeBuffer = null;
                _writeCount = 0;
            }

            try
            {
                await SendAsync(buffer.AsMemory(0, count));
            }
            catch (Exception exception) when (IsTransportFailure(exception))
            {
                Return(buffer);
                lock (_writeGate)
                {
                    _sendScheduled = false;
                }

                Abort();
                return;
            }

            Return(buffer);
            lock (_writeGate)
            {
                // After Abort the queue was emptied and its waiters released.
                if (!_closed)
                {
                    _queuedBytes -= count;
                    _totalSent += count;
                    CompleteFlushWaitersLocked(all: false);
                }
            }
        }
    }

    /// <summary>Failures of the peer or the stream, which close this connection only.</summary>
    internal static bool IsTransportFailure(Exception exception) =>
        exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException
            or System.Net.Sockets.SocketException or System.Net.WebSockets.WebSocketException;

    public override ValueTask FlushAsync()
    {
        TaskCompletionSource completion;
        lock (_writeGate)
        {
            if (_closed || _totalSent >= _totalQueued)
            {
                return default;
            }

            completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (_flushWaiters ??= []).Add((_totalQueued, completion));
        }

        return new ValueTask(completion.Task);
    }

    private void CompleteFlushWaitersLocked(bool all)
    {
        Debug.Assert(_writeGate.IsHeldByCurrentThread);
        if (_flushWaiters is not { Count: > 0 } waiters)
        {
            return;
        }

        for (var index = waiters.Count - 1; index >= 0; index--)
        {
            if (all || waiters[index].Target <= _totalSent)
            {
                waiters[index].Completion.TrySetResult();
                waiters.RemoveAt(index);
            }
        }

        if (waiters.Count == 0)
        {
            _flushWaiters = null;
        }
    }

    public override void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        lock (_writeGate)
        {
            _closed = true;
            if (_writeBuffer is not null)
            {
                Return(_writeBuffer);
                _writeBuffer = null;
            }

            _queuedBytes = 0;
            _writeCount = 0;
            CompleteFlushWaitersLocked(all: true);
        }

        CloseTransport();
    }

    public override async ValueTask DisposeAsync()
    {
        if (!IsAborted)
        {
            await CloseGracefullyAsync();
        }

        Abort();
        ReturnReceiveBuffer();
        await DisposeTransportAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class SendBatch
    {
        public int Depth;

        public readonly List<BufferedTransportConnection> Connections = [];
    }

    private static byte[] Rent(int minimumLength)
    {
        Interlocked.Increment(ref _rentedBuffers);
        return ArrayPool<byte>.Shared.Rent(minimumLength);
    }

    private static void Return(byte[] buffer)
    {
        Interlocked.Decrement(ref _rentedBuffers);
        ArrayPool<byte>.Shared.Return(buffer);
    }
}

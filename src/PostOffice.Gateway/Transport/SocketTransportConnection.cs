using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// MQTT over a plain TCP socket. While idle the connection holds no receive buffer and no asynchronous operation of
/// .NET's socket layer: on Linux it waits for readability through <see cref="EpollReadiness"/> (a table slot), and
/// elsewhere with a zero-byte receive. Bytes are then taken with non-blocking receives. Sends are tried synchronously
/// first (the common case: the socket's send buffer has room), so a connection that never meets back-pressure never
/// allocates the socket's asynchronous state either.
/// </summary>
public sealed class SocketTransportConnection : BufferedTransportConnection, IValueTaskSource<int>, IEpollWaiter
{
    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly EpollReadiness? _readiness;
    private readonly int _slot;
    private ManualResetValueTaskSourceCore<int> _readable;
    private bool _addedToEpoll;
    private int _waiting;
    private int _unregistered;

    public SocketTransportConnection(Socket socket)
        : this(socket, EpollReadiness.Shared)
    {
    }

    /// <param name="socket">A connected stream socket; the connection owns it.</param>
    /// <param name="readiness">Null to wait with zero-byte receives instead of epoll.</param>
    internal SocketTransportConnection(Socket socket, EpollReadiness? readiness)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;

        // Taken once: the property throws once the socket is disposed, while the handle itself reports a closed
        // descriptor as ObjectDisposedException where the epoll calls reference it, which they turn into a close.
        _handle = socket.SafeHandle;
        _readiness = readiness;
        if (readiness is null)
        {
            // Receives and sends below return WouldBlock instead of blocking a thread. (With epoll they go to the
            // descriptor directly with MSG_DONTWAIT.)
            _socket.Blocking = false;
        }

        _readable.RunContinuationsAsynchronously = true;
        if (readiness is not null)
        {
            _slot = readiness.Register(this);
        }
    }

    public override string Kind => "tcp";

    public override EndPoint? RemoteEndPoint
    {
        get
        {
            try
            {
                return _socket.RemoteEndPoint;
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }
    }

    /// <summary>Whether idle waits go through epoll rather than .NET's asynchronous receive.</summary>
    internal bool UsesEpoll => _readiness is not null;

    protected override ValueTask<int> WaitForDataAsync() =>
        _readiness is null ? _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None) : WaitReadableAsync();

    private ValueTask<int> WaitReadableAsync()
    {
        _readable.Reset();
        Volatile.Write(ref _waiting, 1);
        if (IsAborted || !_readiness!.TryArm(_handle, _slot, ref _addedToEpoll))
        {
            // Closed: wake at once; the receive that follows reports the end.
            Signal();
        }

        return new ValueTask<int>(this, _readable.Version);
    }

    void IEpollWaiter.OnReadable() => Signal();

    /// <summary>Completes the pending wait, if any; a late or stale notification finds none and is dropped.</summary>
    private void Signal()
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _readable.SetResult(0);
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _readable.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _readable.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readable.OnCompleted(continuation, state, token, flags);

    protected override ValueTask<int> ReceiveAsync(Memory<byte> buffer) =>
        TryReceive(buffer.Span, out var received) ? new ValueTask<int>(received) : ReceiveSlowAsync(buffer);

    /// <summary>False when nothing is there yet; true with 0 when the stream ended or failed.</summary>
    private bool TryReceive(Span<byte> buffer, out int received)
    {
        if (_readiness is not null)
        {
            received = EpollReadiness.Receive(_handle, buffer, out var failed);
            if (received >= 0 || failed)
            {
                received = Math.Max(received, 0);
                return true;
            }

            return false;
        }

        try
        {
            received = _socket.Receive(buffer, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return false;
            }

            if (error != SocketError.Success)
            {
                received = 0;
            }

            return true;
        }
        catch (ObjectDisposedException)
        {
            received = 0;
            return true;
        }
    }

    private async ValueTask<int> ReceiveSlowAsync(Memory<byte> buffer)
    {
        if (_readiness is null)
        {
            try
            {
                return await _socket.ReceiveAsync(buffer, SocketFlags.None);
            }
            catch (Exception exception) when (IsTransportFailure(exception))
            {
                return 0;
            }
        }

        while (true)
        {
            // The rest of a frame, or a wake-up meant for a previous owner of the epoll slot.
            await WaitReadableAsync();
            if (IsAborted)
            {
                return 0;
            }

            if (TryReceive(buffer.Span, out var received))
            {
                return received;
            }
        }
    }

    protected override ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        if (_readiness is not null)
        {
            var written = EpollReadiness.Send(_handle, data.Span, out var failed);
            if (failed)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }

            return written == data.Length ? default : SendSlowAsync(data[Math.Max(written, 0)..]);
        }

        var sent = _socket.Send(data.Span, SocketFlags.None, out var error);
        if (error == SocketError.Success && sent == data.Length)
        {
            return default;
        }

        if (error is not SocketError.Success and not SocketError.WouldBlock)
        {
            throw new SocketException((int)error);
        }

        // The peer reads slower than we write: wait for the rest asynchronously.
        return SendSlowAsync(data[Math.Max(sent, 0)..]);
    }

    private async ValueTask SendSlowAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None);
            data = data[sent..];
        }
    }

    public override void CloseOutput()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed or reset: nothing left to end.
        }
    }

    protected override void CloseTransport()
    {
        _socket.Dispose();
        Signal();
    }

    protected override ValueTask DisposeTransportAsync()
    {
        if (_readiness is not null && Interlocked.Exchange(ref _unregistered, 1) == 0)
        {
            _readiness.Unregister(_slot);
        }

        return default;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// MQTT over a plain TCP socket. While idle the connection holds no receive buffer and no asynchronous operation of
/// .NET's socket layer: on Linux it waits for readability through <see cref="EpollReadiness"/> (a table slot), and
/// elsewhere with a zero-byte receive. Bytes are then taken with non-blocking receives. Sends are tried synchronously
/// first (the common case: the socket's send buffer has room), so a connection that never meets back-pressure never
/// allocates the socket's asynchronous state either. With epoll the accepted <see cref="Socket"/> object itself is
/// let go (about 250 bytes with its endpoints): the connection keeps only the descriptor's handle, and makes a
/// <see cref="Socket"/> around it again only if a send has to wait.
/// </summary>
public sealed class SocketTransportConnection : BufferedTransportConnection, IValueTaskSource<int>, IEpollWaiter
{
    /// <summary>Without epoll: the socket. With epoll: null until a send must wait for room (see SendSlowAsync).</summary>
    private Socket? _socket;
    private readonly SafeSocketHandle _handle;
    private readonly EpollReadiness? _readiness;
    private readonly int _slot;
    private ManualResetValueTaskSourceCore<int> _readable;
    private IThreadPoolWorkItem? _readableContinuation;
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

        // Taken once: the property throws once the socket is disposed, while the handle itself reports a closed
        // descriptor as ObjectDisposedException where the epoll calls reference it, which they turn into a close.
        _handle = socket.SafeHandle;
        _readiness = readiness;
        if (readiness is null)
        {
            // Receives and sends below return WouldBlock instead of blocking a thread. (With epoll they go to the
            // descriptor directly with MSG_DONTWAIT.)
            _socket = socket;
            _socket.Blocking = false;
        }
        else
        {
            // Every call goes to the descriptor through the handle, which closes it when disposed; the Socket object
            // would only keep its endpoints alive, and its finalizer would close the handle under us.
#pragma warning disable CA1816 // Deliberately another object's: the socket is dropped undisposed, its handle lives on.
            GC.SuppressFinalize(socket);
#pragma warning restore CA1816
        }

        _readable.RunContinuationsAsynchronously = true;
        if (readiness is not null)
        {
            _slot = readiness.Register(this);
        }
    }

    public override string Kind => "tcp";

    /// <summary>Asked of the descriptor each time (getpeername), so that no endpoint is kept per connection.</summary>
    public override EndPoint? RemoteEndPoint
    {
        get
        {
            try
            {
                return _readiness is null ? _socket!.RemoteEndPoint : EpollReadiness.PeerEndPoint(_handle);
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }
    }

    /// <summary>Whether idle waits go through epoll rather than .NET's asynchronous receive.</summary>
    internal bool UsesEpoll => _readiness is not null;

    public override bool SupportsReadinessCallbacks => _readiness is not null;

    public override void WaitForReadable(IThreadPoolWorkItem continuation)
    {
        if (_readiness is null)
        {
            throw new NotSupportedException("Readiness callbacks need epoll.");
        }

        _readableContinuation = continuation;
        Arm();
    }

    protected override int ReceiveNow(Span<byte> buffer) => TryReceive(buffer, out var received) ? received : -1;

    protected override ValueTask<int> WaitForDataAsync() =>
        _readiness is null ? _socket!.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None) : WaitReadableAsync();

    private ValueTask<int> WaitReadableAsync()
    {
        _readable.Reset();
        Arm();
        return new ValueTask<int>(this, _readable.Version);
    }

    /// <summary>Marks a wait as pending and asks epoll for one wake-up; Signal ends the wait.</summary>
    private void Arm()
    {
        Volatile.Write(ref _waiting, 1);
        if (IsAborted || !_readiness!.TryArm(_handle, _slot, ref _addedToEpoll))
        {
            // Closed: wake at once; the receive that follows reports the end.
            Signal();
        }
    }

    void IEpollWaiter.OnReadable() => Signal(runHere: EpollReadiness.DispatchingAlone);

    /// <summary>
    /// Completes the pending wait, if any; a late or stale notification finds none and is dropped. A readiness
    /// callback runs on this thread only when <paramref name="runHere"/> (the readiness thread with a lone event);
    /// otherwise it is handed on: this may be a thread calling Abort, or the callback's own, arming again.
    /// </summary>
    private void Signal(bool runHere = false)
    {
        if (Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            if (_readableContinuation is { } continuation)
            {
                _readableContinuation = null;
                if (runHere)
                {
                    continuation.Execute();
                }
                else
                {
                    ThreadPool.UnsafeQueueUserWorkItem(continuation, preferLocal: false);
                }
            }
            else
            {
                _readable.SetResult(0);
            }
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
            received = _socket!.Receive(buffer, SocketFlags.None, out var error);
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
                return await _socket!.ReceiveAsync(buffer, SocketFlags.None);
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

        var sent = _socket!.Send(data.Span, SocketFlags.None, out var error);
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
        // The peer reads slower than we write. With epoll this is the first time the connection needs .NET's
        // asynchronous send: a Socket around the same handle, kept from now on (the handle stays the owner).
        var socket = _socket ??= new Socket(_handle);
        while (!data.IsEmpty)
        {
            var sent = await socket.SendAsync(data, SocketFlags.None);
            data = data[sent..];
        }
    }

    public override void CloseOutput()
    {
        try
        {
            if (_readiness is null)
            {
                _socket!.Shutdown(SocketShutdown.Send);
            }
            else
            {
                EpollReadiness.ShutdownSend(_handle);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed or reset: nothing left to end.
        }
    }

    protected override void CloseTransport()
    {
        if (_socket is { } socket)
        {
            socket.Dispose();
        }

        _handle.Dispose();
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

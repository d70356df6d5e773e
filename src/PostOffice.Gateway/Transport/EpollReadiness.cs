using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// Readability notifications for idle sockets on Linux, from one epoll instance and one thread. An idle connection
/// costs a slot in a table here and nothing else: .NET's own asynchronous receive would keep a
/// SocketAsyncEventArgs, a SocketAsyncContext and its operation objects alive per pending zero-byte read, about
/// 730 bytes of managed heap per connection (measured), which at a million devices is most of the budget.
/// Registrations are one-shot (EPOLLONESHOT): a connection re-arms only when it waits again, so an event never
/// reaches a connection that is busy reading. Level-triggered: arming when bytes are already buffered fires at once.
/// </summary>
internal sealed class EpollReadiness
{
    private const int EpollCloexec = 0x80000;
    private const int EpollCtlAdd = 1;
    private const int EpollCtlMod = 3;
    private const uint EpollIn = 0x001;
    private const uint EpollRdHup = 0x2000;
    private const uint EpollOneShot = 1u << 30;
    private const int MaximumEvents = 256;

    /// <summary>struct epoll_event is packed on x86-64 (12 bytes) and naturally aligned elsewhere (16 bytes).</summary>
    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static readonly int DataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    private static readonly Lazy<EpollReadiness?> LazyShared = new(Create);

    [ThreadStatic]
    private static bool _dispatchingAlone;

    private readonly int _epollDescriptor;
    private readonly Lock _gate = new();
    private IEpollWaiter?[] _slots = new IEpollWaiter?[1024];
    private readonly Stack<int> _freeSlots = new();
    private int _nextSlot;

    private EpollReadiness(int epollDescriptor)
    {
        _epollDescriptor = epollDescriptor;
        var thread = new Thread(Run) { IsBackground = true, Name = "MQTT readiness" };
        thread.UnsafeStart();
    }

    /// <summary>The process-wide instance, or null where epoll is not available (not Linux).</summary>
    public static EpollReadiness? Shared => LazyShared.Value;

    /// <summary>
    /// True on the readiness thread while it reports the only event of its wait: the waiter may do its work right
    /// there, as a single-threaded broker would, instead of handing it to the thread pool (a hop that costs a wake-up,
    /// and under load a scheduling delay, on the way of every message). Work done there must be short and never block:
    /// with more events at once they all go to the thread pool, to use every core.
    /// </summary>
    public static bool DispatchingAlone => _dispatchingAlone;

    private static EpollReadiness? Create()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var descriptor = NativeMethods.EpollCreate1(EpollCloexec);
        return descriptor < 0 ? null : new EpollReadiness(descriptor);
    }

    /// <summary>Reserves a slot for <paramref name="waiter"/>; the descriptor is added on its first <see cref="TryArm"/>.</summary>
    public int Register(IEpollWaiter waiter)
    {
        lock (_gate)
        {
            var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
            if (slot >= _slots.Length)
            {
                var grown = new IEpollWaiter?[_slots.Length * 2];
                _slots.CopyTo(grown, 0);
                Volatile.Write(ref _slots, grown);
            }

            Volatile.Write(ref _slots[slot], waiter);
            return slot;
        }
    }

    /// <summary>
    /// Frees the slot once the descriptor is closed (closing removes it from the epoll set). An event already taken
    /// from the kernel for the old owner may still reach the slot's next owner: waiters treat it as a spurious wake.
    /// </summary>
    public void Unregister(int slot)
    {
        lock (_gate)
        {
            _slots[slot] = null;
            _freeSlots.Push(slot);
        }
    }

    /// <summary>
    /// Asks for one notification when the socket is readable (or hung up); false once it is closed. The handle is
    /// referenced during the call so that its descriptor number cannot be closed and reused by another socket
    /// meanwhile, which would register the wrong socket under this slot.
    /// </summary>
    public bool TryArm(SafeHandle handle, int slot, ref bool added)
    {
        Span<byte> registration = stackalloc byte[16];
        registration.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(registration, EpollIn | EpollRdHup | EpollOneShot);
        BinaryPrimitives.WriteUInt64LittleEndian(registration[DataOffset..], (ulong)slot);
        var referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            var descriptor = (int)handle.DangerousGetHandle();
            var operation = added ? EpollCtlMod : EpollCtlAdd;
            if (NativeMethods.EpollCtl(_epollDescriptor, operation, descriptor, ref MemoryMarshal.GetReference(registration)) != 0)
            {
                return false;
            }

            added = true;
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private void Run()
    {
        var events = new byte[MaximumEvents * EventSize];
        while (true)
        {
            var count = NativeMethods.EpollWait(_epollDescriptor, ref events[0], MaximumEvents, -1);
            if (count < 0)
            {
                // EINTR: a signal arrived; nothing else can fail on a valid epoll descriptor and buffer.
                continue;
            }

            var slots = Volatile.Read(ref _slots);
            _dispatchingAlone = count == 1;
            try
            {
                for (var index = 0; index < count; index++)
                {
                    var entry = events.AsSpan(index * EventSize, EventSize);
                    var slot = (int)BinaryPrimitives.ReadUInt64LittleEndian(entry[DataOffset..]);

                    // Readable, hung up or failed (EPOLLERR and EPOLLHUP are always reported): the receive that
                    // follows tells which.
                    if ((uint)slot < (uint)slots.Length)
                    {
                        Volatile.Read(ref slots[slot])?.OnReadable();
                    }
                }
            }
            finally
            {
                _dispatchingAlone = false;
            }
        }
    }

    /// <summary>
    /// A non-blocking receive on the socket's descriptor (MSG_DONTWAIT): 0 or more bytes, or -1 when nothing is there
    /// yet. Done here rather than through <see cref="System.Net.Sockets.Socket"/>, whose non-blocking mode would create
    /// its asynchronous context (a few hundred bytes per connection) just to set O_NONBLOCK.
    /// </summary>
    public static int Receive(SafeHandle handle, Span<byte> buffer, out bool failed) =>
        Transfer(handle, buffer, receive: true, out failed);

    /// <summary>A non-blocking send (MSG_DONTWAIT | MSG_NOSIGNAL): bytes sent, or -1 when the send buffer is full.</summary>
    public static int Send(SafeHandle handle, ReadOnlySpan<byte> data, out bool failed) =>
        Transfer(handle, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(data), data.Length), receive: false, out failed);

    /// <summary>shutdown(SHUT_WR): the peer reads the bytes already sent, then the end of the stream.</summary>
    public static void ShutdownSend(SafeHandle handle)
    {
        const int ShutWrite = 1;
        var referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            _ = NativeMethods.Shutdown((int)handle.DangerousGetHandle(), ShutWrite);
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>The peer's address (getpeername), or null when the socket is no longer connected.</summary>
    public static IPEndPoint? PeerEndPoint(SafeHandle handle)
    {
        const ushort InterNetwork = 2;
        const ushort InterNetworkV6 = 10;
        Span<byte> address = stackalloc byte[128];
        var length = address.Length;
        var referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            if (NativeMethods.GetPeerName((int)handle.DangerousGetHandle(), ref MemoryMarshal.GetReference(address), ref length) != 0)
            {
                return null;
            }
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }

        // struct sockaddr_in / sockaddr_in6: family (host order), port (network order), then the address.
        var port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
        return BinaryPrimitives.ReadUInt16LittleEndian(address) switch
        {
            InterNetwork when length >= 8 => new IPEndPoint(new IPAddress(address.Slice(4, 4)), port),
            InterNetworkV6 when length >= 28 => new IPEndPoint(new IPAddress(address.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(address[24..])), port),
            _ => null,
        };
    }

    private static int Transfer(SafeHandle handle, Span<byte> buffer, bool receive, out bool failed)
    {
        const int MessageDontWait = 0x40;
        const int MessageNoSignal = 0x4000;
        const int Eintr = 4;
        const int Eagain = 11;
        var referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
            var descriptor = (int)handle.DangerousGetHandle();
            while (true)
            {
                // An empty span still needs a valid reference for the call; recv/send of 0 bytes is harmless.
                ref var start = ref MemoryMarshal.GetReference(buffer);
                var result = receive
                    ? NativeMethods.Receive(descriptor, ref start, buffer.Length, MessageDontWait)
                    : NativeMethods.Send(descriptor, ref start, buffer.Length, MessageDontWait | MessageNoSignal);
                if (result >= 0)
                {
                    failed = false;
                    return (int)result;
                }

                var error = Marshal.GetLastPInvokeError();
                if (error == Eintr)
                {
                    continue;
                }

                failed = error != Eagain;
                return -1;
            }
        }
        catch (ObjectDisposedException)
        {
            failed = true;
            return -1;
        }
        finally
        {
            if (referenced)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static partial class NativeMethods
    {
        [DllImport("libc", EntryPoint = "recv", SetLastError = true)]
        public static extern nint Receive(int descriptor, ref byte buffer, nint length, int flags);

        [DllImport("libc", EntryPoint = "send", SetLastError = true)]
        public static extern nint Send(int descriptor, ref byte buffer, nint length, int flags);

        [DllImport("libc", EntryPoint = "shutdown", SetLastError = true)]
        public static extern int Shutdown(int descriptor, int how);

        [DllImport("libc", EntryPoint = "getpeername", SetLastError = true)]
        public static extern int GetPeerName(int descriptor, ref byte address, ref int length);

        [DllImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
        public static extern int EpollCreate1(int flags);

        [DllImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
        public static extern int EpollCtl(int epollDescriptor, int operation, int descriptor, ref byte registration);

        [DllImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
        public static extern int EpollWait(int epollDescriptor, ref byte events, int maximumEvents, int timeoutMilliseconds);
    }
}

/// <summary>A connection waiting for readability through <see cref="EpollReadiness"/>.</summary>
internal interface IEpollWaiter
{
    /// <summary>Called on the readiness thread: must only hand the wake-up on, never run the reader inline.</summary>
    void OnReadable();
}

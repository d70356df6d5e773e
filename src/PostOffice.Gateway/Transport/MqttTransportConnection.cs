using System.Net;
using System.Security.Cryptography.X509Certificates;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// A byte stream carrying MQTT Control Packets (TCP, TLS or WebSocket), seen as whole frames in and whole packets
/// out. An idle connection holds no receive buffer: <see cref="ReadFrameAsync"/> waits for readability first and
/// rents a buffer only once bytes have arrived, returning it as soon as every received byte has been consumed.
/// </summary>
public abstract class MqttTransportConnection : IAsyncDisposable
{
    /// <summary>"tcp", "tls" or "ws": for logs and statistics.</summary>
    public abstract string Kind { get; }

    public abstract EndPoint? RemoteEndPoint { get; }

    /// <summary>The certificate the client presented during the TLS handshake, if any.</summary>
    public virtual X509Certificate2? ClientCertificate => null;

    /// <summary>
    /// Waits for the next whole frame and exposes it as <see cref="CurrentFrame"/>, valid until the next call.
    /// Completes synchronously when the frame is already buffered. Returns false once the peer has closed the
    /// stream or <see cref="Abort"/> was called; bytes of an incomplete frame at that point are discarded.
    /// </summary>
    /// <exception cref="MqttProtocolException">The framing is malformed or a frame exceeds <paramref name="maximumPacketSize"/>.</exception>
    public abstract ValueTask<bool> ReadFrameAsync(int maximumPacketSize);

    /// <summary>The frame the last successful <see cref="ReadFrameAsync"/> or <see cref="TryReadFrame"/> produced.</summary>
    public abstract MqttFrame CurrentFrame { get; }

    /// <summary>
    /// Whether this connection offers <see cref="TryReadFrame"/> and <see cref="WaitForReadable"/>: a reader that
    /// waits through them keeps no asynchronous operation, buffer or suspended method while the connection is idle.
    /// </summary>
    public virtual bool SupportsReadinessCallbacks => false;

    /// <summary>
    /// Produces the next whole frame as <see cref="CurrentFrame"/> if it can be had without waiting, with the same
    /// rules as <see cref="ReadFrameAsync"/>; never blocks. Only where <see cref="SupportsReadinessCallbacks"/>.
    /// </summary>
    /// <exception cref="MqttProtocolException">The framing is malformed or a frame exceeds <paramref name="maximumPacketSize"/>.</exception>
    public virtual MqttReadResult TryReadFrame(int maximumPacketSize) => throw new NotSupportedException();

    /// <summary>
    /// After <see cref="TryReadFrame"/> answered <see cref="MqttReadResult.WouldWait"/>: queues
    /// <paramref name="continuation"/> to the thread pool once, when bytes arrive, the peer closes or
    /// <see cref="Abort"/> is called. Only where <see cref="SupportsReadinessCallbacks"/>.
    /// </summary>
    public virtual void WaitForReadable(IThreadPoolWorkItem continuation) => throw new NotSupportedException();

    /// <summary>
    /// Queues one whole encoded packet for sending and starts a send if none is running; packets queued while a send
    /// is in flight leave together in the next one. Safe to call from any thread; packets from one thread leave in
    /// call order. Returns false, queuing nothing, when <paramref name="evenIfFull"/> is false and the bytes already
    /// queued exceed <see cref="MaximumQueuedBytes"/> (a slow consumer), or when the connection is closed.
    /// </summary>
    public abstract bool TryWrite(ReadOnlySpan<byte> packet, bool evenIfFull = false);

    /// <summary>Bytes queued and not yet handed to the operating system.</summary>
    public abstract long QueuedBytes { get; }

    /// <summary>The bound on <see cref="QueuedBytes"/> above which <see cref="TryWrite"/> refuses ordinary packets.</summary>
    public long MaximumQueuedBytes { get; set; } = 1L << 20;

    /// <summary>Completes when every packet queued before the call has been handed to the operating system (or the connection failed).</summary>
    public abstract ValueTask FlushAsync();

    /// <summary>
    /// Ends the sending direction after the bytes already handed to the operating system (TCP FIN), so the peer reads
    /// everything sent and then the end of the stream. Reading goes on until the peer closes or <see cref="Abort"/>.
    /// </summary>
    public virtual void CloseOutput()
    {
    }

    /// <summary>Closes the connection at once from any thread: a pending read returns false, queued bytes are dropped.</summary>
    public abstract void Abort();

    public abstract ValueTask DisposeAsync();
}

/// <summary>What <see cref="MqttTransportConnection.TryReadFrame"/> found.</summary>
public enum MqttReadResult
{
    /// <summary>A whole frame is in <see cref="MqttTransportConnection.CurrentFrame"/>.</summary>
    Frame,

    /// <summary>No whole frame yet: wait with <see cref="MqttTransportConnection.WaitForReadable"/>.</summary>
    WouldWait,

    /// <summary>The peer closed the stream, it failed, or the connection was aborted.</summary>
    Closed,
}

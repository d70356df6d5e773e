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

    /// <summary>The frame the last successful <see cref="ReadFrameAsync"/> produced.</summary>
    public abstract MqttFrame CurrentFrame { get; }

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

using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Transport;

/// <summary>Sends every frame back as it came; records how each connection ended.</summary>
internal sealed class EchoHandler(int maximumPacketSize = 64 * 1024) : IMqttConnectionHandler
{
    private int _running;

    public ConcurrentQueue<MqttReasonCode> ProtocolErrors { get; } = new();

    public ConcurrentQueue<X509Certificate2?> ClientCertificates { get; } = new();

    public ConcurrentQueue<string> Kinds { get; } = new();

    public int Running => Volatile.Read(ref _running);

    /// <summary>Completes with the connection once its handler waits for a frame with nothing left unconsumed.</summary>
    public TaskCompletionSource<MqttTransportConnection> FirstIdle { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Receive-buffer state seen while the first connection waited idle after its first frame.</summary>
    public TaskCompletionSource<bool> HeldBufferWhileIdle { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task RunAsync(MqttTransportConnection connection)
    {
        Interlocked.Increment(ref _running);
        ClientCertificates.Enqueue(connection.ClientCertificate);
        Kinds.Enqueue(connection.Kind);
        var frames = 0;
        try
        {
            while (true)
            {
                var read = connection.ReadFrameAsync(maximumPacketSize);
                if (!read.IsCompleted)
                {
                    FirstIdle.TrySetResult(connection);
                    if (frames > 0 && connection is BufferedTransportConnection buffered)
                    {
                        HeldBufferWhileIdle.TrySetResult(buffered.HoldsReceiveBuffer);
                    }
                }

                if (!await read)
                {
                    return;
                }

                frames++;
                connection.TryWrite(TransportTestKit.Encode(connection.CurrentFrame));
            }
        }
        catch (MqttProtocolException exception)
        {
            ProtocolErrors.Enqueue(exception.ReasonCode);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

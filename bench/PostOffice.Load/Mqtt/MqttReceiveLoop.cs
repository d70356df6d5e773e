using System.Buffers;
using System.Diagnostics;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt;

/// <summary>Reads packets off a connection until it closes or the token fires, handing each to a handler.</summary>
internal static class MqttReceiveLoop
{
    /// <summary>Returns null when the loop ended by cancellation, otherwise why the connection ended.</summary>
    public static async Task<string?> RunAsync(MqttConnection connection, IMqttFrameHandler handler, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await connection.Input.ReadAsync(cancellationToken);
                var consumed = HandleFrames(result.Buffer, handler);
                connection.Input.AdvanceTo(consumed, result.Buffer.End);
                if (handler.HasPendingWrites)
                {
                    var writer = await connection.AcquireWriterAsync(cancellationToken);
                    try
                    {
                        handler.WritePendingWrites(writer);
                    }
                    finally
                    {
                        await connection.ReleaseWriterAsync(cancellationToken);
                    }
                }

                if (result.IsCompleted)
                {
                    return cancellationToken.IsCancellationRequested ? null : "the server closed the connection";
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or MqttProtocolException or ObjectDisposedException)
        {
            return cancellationToken.IsCancellationRequested ? null : exception.Message;
        }
    }

    private static SequencePosition HandleFrames(ReadOnlySequence<byte> buffer, IMqttFrameHandler handler)
    {
        var reader = new SequenceReader<byte>(buffer);
        var now = Stopwatch.GetTimestamp();
        while (MqttDecoder.TryReadFrame(ref reader, MqttConnection.MaximumPacketSize, out var frame))
        {
            handler.OnFrame(frame, now);
        }

        return reader.Position;
    }
}

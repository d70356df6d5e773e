using System.Buffers;

namespace PostOffice.Mqtt;

/// <summary>Splits a byte stream into MQTT Control Packets (2.1 fixed header) without allocating.</summary>
public static class MqttFrameReader
{
    /// <summary>
    /// Returns false, leaving <paramref name="buffer"/> untouched, until a whole packet is buffered. On true,
    /// <paramref name="buffer"/> is advanced past the packet and <paramref name="frame"/> slices it.
    /// Throws <see cref="MqttProtocolException"/> with Malformed Packet (0x81) for a Remaining Length longer
    /// than four bytes, and Packet too large (0x95) as soon as the fixed header announces a packet whose total
    /// size exceeds <paramref name="maximumPacketSize"/> (3.1.2.11.4 / 3.2.2.3.6: the total includes the
    /// fixed header), before the body has arrived.
    /// </summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maximumPacketSize, out MqttFrame frame)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryRead(out var firstByte)
            || MqttPrimitiveReader.TryReadVariableByteInteger(ref reader, out var remainingLength) != OperationStatus.Done)
        {
            frame = default;
            return false;
        }

        var headerLength = reader.Consumed;
        if (headerLength + remainingLength > maximumPacketSize)
        {
            MqttProtocolException.Throw(
                MqttReasonCode.PacketTooLarge,
                $"Packet of {headerLength + remainingLength} bytes exceeds the Maximum Packet Size of {maximumPacketSize}");
        }

        if (reader.Remaining < remainingLength)
        {
            frame = default;
            return false;
        }

        var body = buffer.Slice(headerLength, remainingLength);
        frame = new MqttFrame(firstByte, body);
        buffer = buffer.Slice(body.End);
        return true;
    }
}

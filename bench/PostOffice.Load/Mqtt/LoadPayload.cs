using System.Buffers;
using System.Buffers.Binary;

namespace PostOffice.Load.Mqtt;

/// <summary>
/// The first 20 bytes of every PUBLISH payload this tool sends, little-endian: the send timestamp (Stopwatch ticks,
/// CLOCK_MONOTONIC on Linux), the publisher's index and its sequence number. The rest is zero padding up to the
/// configured payload size.
/// </summary>
public readonly record struct LoadPayload(long Timestamp, int Publisher, long Sequence)
{
    public const int HeaderSize = 20;

    public void WriteTo(Span<byte> payload)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, Timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(payload[8..], Publisher);
        BinaryPrimitives.WriteInt64LittleEndian(payload[12..], Sequence);
        payload[HeaderSize..].Clear();
    }

    public static bool TryRead(in ReadOnlySequence<byte> payload, out LoadPayload value)
    {
        value = default;
        if (payload.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        payload.Slice(0, HeaderSize).CopyTo(header);
        value = new LoadPayload(
            BinaryPrimitives.ReadInt64LittleEndian(header),
            BinaryPrimitives.ReadInt32LittleEndian(header[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(header[12..]));
        return true;
    }
}

using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PostOffice.Mqtt;

/// <summary>
/// Reads the MQTT data representations (spec 1.5) from a whole packet. The frame is already complete, so
/// running out of bytes here means the Remaining Length lied: that is a Malformed Packet, never "need more".
/// </summary>
internal static class MqttPrimitiveReader
{
    public const int MaximumVariableByteInteger = 268_435_455;

    private const int StackCopyLimit = 256;

    public static byte ReadByte(ref SequenceReader<byte> reader)
    {
        if (!reader.TryRead(out var value))
        {
            MqttProtocolException.ThrowMalformed("Packet ended inside a Byte field");
        }

        return value;
    }

    public static ushort ReadTwoByteInteger(ref SequenceReader<byte> reader)
    {
        // 1.5.2: big-endian, high order byte first.
        if (!reader.TryReadBigEndian(out short value))
        {
            MqttProtocolException.ThrowMalformed("Packet ended inside a Two Byte Integer");
        }

        return unchecked((ushort)value);
    }

    public static uint ReadFourByteInteger(ref SequenceReader<byte> reader)
    {
        if (!reader.TryReadBigEndian(out int value))
        {
            MqttProtocolException.ThrowMalformed("Packet ended inside a Four Byte Integer");
        }

        return unchecked((uint)value);
    }

    public static int ReadVariableByteInteger(ref SequenceReader<byte> reader)
    {
        var status = TryReadVariableByteInteger(ref reader, out var value);
        if (status != OperationStatus.Done)
        {
            MqttProtocolException.ThrowMalformed("Packet ended inside a Variable Byte Integer");
        }

        return value;
    }

    /// <summary>
    /// 1.5.5: seven bits per byte, least significant group first, high bit = continuation, at most four
    /// bytes. Returns NeedMoreData (reader untouched) when the bytes so far end with a continuation bit.
    /// A fifth byte is malformed and throws. Non-minimal encodings ([MQTT-1.5.5-1] binds the sender) are
    /// accepted.
    /// </summary>
    public static OperationStatus TryReadVariableByteInteger(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        var multiplier = 0;
        for (var i = 0; i < 4; i++)
        {
            if (!reader.TryPeek(i, out var encoded))
            {
                return OperationStatus.NeedMoreData;
            }

            value |= (encoded & 0x7F) << multiplier;
            if ((encoded & 0x80) == 0)
            {
                reader.Advance(i + 1);
                return OperationStatus.Done;
            }

            multiplier += 7;
        }

        value = 0;
        MqttProtocolException.ThrowMalformed("Variable Byte Integer longer than four bytes");
        return OperationStatus.InvalidData;
    }

    /// <summary>
    /// 1.5.4 UTF-8 Encoded String. [MQTT-1.5.4-1] well-formed UTF-8 without surrogate code points;
    /// [MQTT-1.5.4-2] no U+0000; [MQTT-1.5.4-3] a U+FEFF is kept, never stripped.
    /// </summary>
    public static string ReadUtf8String(ref SequenceReader<byte> reader)
    {
        int length = ReadTwoByteInteger(ref reader);
        if (reader.Remaining < length)
        {
            MqttProtocolException.ThrowMalformed("UTF-8 Encoded String runs past the end of the packet");
        }

        if (length == 0)
        {
            return string.Empty;
        }

        var unread = reader.UnreadSpan;
        if (unread.Length >= length)
        {
            var text = DecodeUtf8(unread[..length]);
            reader.Advance(length);
            return text;
        }

        byte[]? rented = null;
        var scratch = length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var bytes = scratch[..length];
            reader.TryCopyTo(bytes);
            reader.Advance(length);
            return DecodeUtf8(bytes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>1.5.6 Binary Data: Two Byte Integer length then that many bytes (copied out of the frame).</summary>
    public static byte[] ReadBinaryData(ref SequenceReader<byte> reader)
    {
        int length = ReadTwoByteInteger(ref reader);
        return ReadBytes(ref reader, length);
    }

    public static byte[] ReadBytes(ref SequenceReader<byte> reader, long length)
    {
        if (reader.Remaining < length)
        {
            MqttProtocolException.ThrowMalformed("Binary Data runs past the end of the packet");
        }

        if (length == 0)
        {
            return [];
        }

        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        return bytes;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        // Utf8.IsValid rejects ill-formed sequences, overlongs and encoded surrogates (U+D800..U+DFFF).
        if (!Utf8.IsValid(bytes))
        {
            MqttProtocolException.ThrowMalformed("UTF-8 Encoded String is not well-formed UTF-8 [MQTT-1.5.4-1]");
        }

        if (bytes.Contains((byte)0))
        {
            MqttProtocolException.ThrowMalformed("UTF-8 Encoded String contains U+0000 [MQTT-1.5.4-2]");
        }

        return Encoding.UTF8.GetString(bytes);
    }
}

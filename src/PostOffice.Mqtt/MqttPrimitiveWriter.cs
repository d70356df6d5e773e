using System.Text;

namespace PostOffice.Mqtt;

/// <summary>Sizes and encodes MQTT data representations; callers pass only values the spec allows.</summary>
internal static class MqttPrimitiveWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static int GetVariableByteIntegerSize(int value) => value switch
    {
        < 0 or > MqttPrimitiveReader.MaximumVariableByteInteger =>
            throw new ArgumentOutOfRangeException(nameof(value), value, "Variable Byte Integer is 0..268,435,455"),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>1.5.5: returns the number of bytes written (1..4).</summary>
    public static int WriteVariableByteInteger(Span<byte> destination, int value)
    {
        var size = GetVariableByteIntegerSize(value);
        for (var i = 0; i < size; i++)
        {
            var encoded = (byte)(value & 0x7F);
            value >>= 7;
            if (value > 0)
            {
                encoded |= 0x80;
            }

            destination[i] = encoded;
        }

        return size;
    }

    /// <summary>
    /// Size including the two-byte length prefix. Throws ArgumentException for values no receiver may accept:
    /// lone surrogates [MQTT-1.5.4-1], U+0000 [MQTT-1.5.4-2], more than 65,535 bytes (1.5.4).
    /// </summary>
    public static int GetUtf8StringSize(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("UTF-8 Encoded String must not contain U+0000 [MQTT-1.5.4-2]", nameof(value));
        }

        int length;
        try
        {
            length = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException("UTF-8 Encoded String must not contain lone surrogates [MQTT-1.5.4-1]", nameof(value), exception);
        }

        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("UTF-8 Encoded String is longer than 65,535 bytes", nameof(value));
        }

        return 2 + length;
    }

    public static int GetBinaryDataSize(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Binary Data is longer than 65,535 bytes", nameof(value));
        }

        return 2 + value.Length;
    }
}

using System.Buffers;

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>The Variable Byte Integer of MQTT 5.0 §1.5.5 (the "remaining length" of 3.1.1 §2.2.3): 7 bits a byte, at most 4 bytes.</summary>
public static class VariableByteInteger
{
    public const int MaxValue = 268_435_455;

    public static int SizeOf(int value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    public static int Write(Span<byte> span, int value)
    {
        if (value is < 0 or > MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A Variable Byte Integer holds 0 to 268,435,455.");
        }

        var at = 0;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            span[at++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);
        return at;
    }

    /// <summary>False when the reader ends before the integer does; throws when a fifth byte would be needed (malformed).</summary>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        var multiplier = 1;
        for (var i = 0; i < 4; i++)
        {
            if (!reader.TryRead(out var digit))
            {
                return false;
            }

            value += (digit & 0x7F) * multiplier;
            if ((digit & 0x80) == 0)
            {
                return true;
            }

            multiplier *= 128;
        }

        throw new MqttProtocolException("Malformed Variable Byte Integer: more than 4 bytes (MQTT 5.0 §1.5.5).");
    }
}

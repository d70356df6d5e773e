using System.Buffers.Binary;
using System.Numerics;

namespace PostOffice.Broker.Queues;

/// <summary>
/// SipHash-2-4 with a 128-bit tag (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012; the 128-bit
/// output is the variant of the reference implementation): a keyed pseudorandom function built for short inputs, so a
/// tag over a few dozen bytes costs tens of nanoseconds instead of the microsecond a native HMAC call costs.
/// </summary>
internal static class SipHash
{
    /// <summary>The key length in bytes.</summary>
    public const int KeyLength = 16;

    /// <summary>The tag length in bytes.</summary>
    public const int TagLength = 16;

    /// <summary>Writes the 16-byte tag of <paramref name="message"/> under <paramref name="key"/> (16 bytes).</summary>
    public static void Tag128(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        if (key.Length != KeyLength || tag.Length < TagLength)
        {
            throw new ArgumentException("SipHash takes a 16-byte key and writes a 16-byte tag.", nameof(key));
        }

        var k0 = BinaryPrimitives.ReadUInt64LittleEndian(key);
        var k1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]);
        var v0 = k0 ^ 0x736f6d6570736575UL;
        var v1 = k1 ^ 0x646f72616e646f6dUL ^ 0xee; // 0xee: the 128-bit variant
        var v2 = k0 ^ 0x6c7967656e657261UL;
        var v3 = k1 ^ 0x7465646279746573UL;

        var whole = message.Length & ~7;
        for (var at = 0; at < whole; at += 8)
        {
            var m = BinaryPrimitives.ReadUInt64LittleEndian(message[at..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        // The last block: the remaining bytes, little-endian, with the message length (mod 256) in the top byte.
        var last = (ulong)(byte)message.Length << 56;
        var tail = message[whole..];
        for (var i = 0; i < tail.Length; i++)
        {
            last |= (ulong)tail[i] << (8 * i);
        }

        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xee;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(tag, v0 ^ v1 ^ v2 ^ v3);

        v1 ^= 0xdd;
        for (var i = 0; i < 4; i++)
        {
            Round(ref v0, ref v1, ref v2, ref v3);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(tag[8..], v0 ^ v1 ^ v2 ^ v3);
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}

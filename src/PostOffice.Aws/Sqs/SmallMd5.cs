using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// MD5 (RFC 1321) in managed code for the short inputs SQS checksums mostly see. A call into the platform's MD5
/// (OpenSSL here) costs about half a microsecond of setup per digest: 645 ns against 266 ns here for 64 bytes, 798
/// against 683 ns for 256. Past about 500 bytes OpenSSL's assembly is faster per byte, so longer inputs go there.
/// </summary>
internal static class SmallMd5
{
    /// <summary>Inputs up to this length are hashed here; longer ones by <see cref="MD5.HashData(ReadOnlySpan{byte}, Span{byte})"/>.</summary>
    public const int ManagedLimit = 512;

    private const int BlockBytes = 64;

    // RFC 1321 section 3.4: T[i] = floor(2^32 * abs(sin(i + 1))).
    private static readonly uint[] T = CreateTable();

    /// <summary>Writes the 16-byte digest of <paramref name="data"/> to <paramref name="destination"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "SQS defines its checksums as MD5; they protect nothing.")]
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length > ManagedLimit)
        {
            MD5.HashData(data, destination);
            return;
        }

        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var whole = data.Length - (data.Length % BlockBytes);
        for (var offset = 0; offset < whole; offset += BlockBytes)
        {
            Block(data.Slice(offset, BlockBytes), ref a, ref b, ref c, ref d);
        }

        // Padding: 0x80, zeros to 56 bytes mod 64, then the length in bits as 64-bit little-endian.
        Span<byte> tail = stackalloc byte[2 * BlockBytes];
        tail.Clear();
        var rest = data[whole..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 1 + 8 <= BlockBytes ? BlockBytes : 2 * BlockBytes;
        BinaryPrimitives.WriteUInt64LittleEndian(tail[(tailLength - 8)..], (ulong)data.Length * 8);
        for (var offset = 0; offset < tailLength; offset += BlockBytes)
        {
            Block(tail.Slice(offset, BlockBytes), ref a, ref b, ref c, ref d);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, a);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], b);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], c);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], d);
    }

    private static void Block(ReadOnlySpan<byte> block, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        Span<uint> x = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]);
        }

        uint a = a0, b = b0, c = c0, d = d0;
        var t = T;

        // Round 1: F(b, c, d) = (b & c) | (~b & d), word i, shifts 7 12 17 22.
        for (var i = 0; i < 16; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + ((b & c) | (~b & d)) + x[i] + t[i], 7);
            d = a + BitOperations.RotateLeft(d + ((a & b) | (~a & c)) + x[i + 1] + t[i + 1], 12);
            c = d + BitOperations.RotateLeft(c + ((d & a) | (~d & b)) + x[i + 2] + t[i + 2], 17);
            b = c + BitOperations.RotateLeft(b + ((c & d) | (~c & a)) + x[i + 3] + t[i + 3], 22);
        }

        // Round 2: G(b, c, d) = (b & d) | (c & ~d), word (5i + 1) mod 16, shifts 5 9 14 20.
        for (var i = 16; i < 32; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + ((b & d) | (c & ~d)) + x[((5 * i) + 1) & 15] + t[i], 5);
            d = a + BitOperations.RotateLeft(d + ((a & c) | (b & ~c)) + x[((5 * (i + 1)) + 1) & 15] + t[i + 1], 9);
            c = d + BitOperations.RotateLeft(c + ((d & b) | (a & ~b)) + x[((5 * (i + 2)) + 1) & 15] + t[i + 2], 14);
            b = c + BitOperations.RotateLeft(b + ((c & a) | (d & ~a)) + x[((5 * (i + 3)) + 1) & 15] + t[i + 3], 20);
        }

        // Round 3: H(b, c, d) = b ^ c ^ d, word (3i + 5) mod 16, shifts 4 11 16 23.
        for (var i = 32; i < 48; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + (b ^ c ^ d) + x[((3 * i) + 5) & 15] + t[i], 4);
            d = a + BitOperations.RotateLeft(d + (a ^ b ^ c) + x[((3 * (i + 1)) + 5) & 15] + t[i + 1], 11);
            c = d + BitOperations.RotateLeft(c + (d ^ a ^ b) + x[((3 * (i + 2)) + 5) & 15] + t[i + 2], 16);
            b = c + BitOperations.RotateLeft(b + (c ^ d ^ a) + x[((3 * (i + 3)) + 5) & 15] + t[i + 3], 23);
        }

        // Round 4: I(b, c, d) = c ^ (b | ~d), word 7i mod 16, shifts 6 10 15 21.
        for (var i = 48; i < 64; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + (c ^ (b | ~d)) + x[(7 * i) & 15] + t[i], 6);
            d = a + BitOperations.RotateLeft(d + (b ^ (a | ~c)) + x[(7 * (i + 1)) & 15] + t[i + 1], 10);
            c = d + BitOperations.RotateLeft(c + (a ^ (d | ~b)) + x[(7 * (i + 2)) & 15] + t[i + 2], 15);
            b = c + BitOperations.RotateLeft(b + (d ^ (c | ~a)) + x[(7 * (i + 3)) & 15] + t[i + 3], 21);
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[64];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (uint)(Math.Abs(Math.Sin(i + 1)) * 4294967296.0);
        }

        return table;
    }
}

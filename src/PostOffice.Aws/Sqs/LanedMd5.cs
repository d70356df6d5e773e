using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// MD5 (RFC 1321) of up to eight short inputs at once, one input per 32-bit lane of a 256-bit vector: the steps of
/// one digest depend on each other, but eight digests side by side fill the vector units that a single one leaves
/// idle. A SendMessageBatch of ten bodies takes two passes instead of ten digests.
/// </summary>
/// <remarks>
/// Inputs of different lengths take different numbers of blocks: a lane whose input has ended keeps its state
/// while the others go on. Each lane's last one or two blocks (the padding: 0x80, zeros, the length in bits) are
/// built on the stack, so inputs are only read, never copied whole.
/// </remarks>
[SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "SQS defines its checksums as MD5; they protect nothing.")]
internal static class LanedMd5
{
    /// <summary>Inputs per pass.</summary>
    public const int Lanes = 8;

    private const int BlockBytes = 64;
    private const int DigestBytes = 16;

    // RFC 1321 section 3.4: T[i] = floor(2^32 * abs(sin(i + 1))).
    private static readonly uint[] T = CreateTable();

    // The message word each step adds, and its rotation.
    private static readonly byte[] Word = CreateWordOrder();
    private static readonly byte[] Shift = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

    /// <summary>Whether this machine runs 256-bit vector operations in hardware; without them, hash one at a time.</summary>
    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Writes the digest of each input (<paramref name="starts"/>[i], <paramref name="lengths"/>[i] within
    /// <paramref name="data"/>, at most <see cref="Lanes"/> of them) to <paramref name="digests"/> at 16 i.
    /// </summary>
    public static void HashData(ReadOnlySpan<byte> data, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<byte> digests)
    {
        var count = starts.Length;
        if (count > Lanes || lengths.Length != count || digests.Length < count * DigestBytes)
        {
            throw new ArgumentException($"Up to {Lanes} inputs, each with a start, a length and 16 bytes of digest.", nameof(starts));
        }

        // Blocks of whole input, and blocks in all with the padding, per lane.
        Span<int> whole = stackalloc int[Lanes];
        Span<int> blocks = stackalloc int[Lanes];
        Span<byte> tails = stackalloc byte[Lanes * 2 * BlockBytes];
        tails.Clear();
        var most = 0;
        for (var lane = 0; lane < count; lane++)
        {
            var length = lengths[lane];
            var input = data.Slice(starts[lane], length);
            whole[lane] = length / BlockBytes;
            var rest = input[(whole[lane] * BlockBytes)..];
            var tail = tails.Slice(lane * 2 * BlockBytes, 2 * BlockBytes);
            rest.CopyTo(tail);
            tail[rest.Length] = 0x80;
            var tailBlocks = rest.Length + 1 + 8 <= BlockBytes ? 1 : 2;
            BinaryPrimitives.WriteUInt64LittleEndian(tail[((tailBlocks * BlockBytes) - 8)..], (ulong)length * 8);
            blocks[lane] = whole[lane] + tailBlocks;
            most = Math.Max(most, blocks[lane]);
        }

        var a = Vector256.Create(0x67452301u);
        var b = Vector256.Create(0xefcdab89u);
        var c = Vector256.Create(0x98badcfeu);
        var d = Vector256.Create(0x10325476u);
        Span<uint> words = stackalloc uint[16 * Lanes];
        Span<uint> active = stackalloc uint[Lanes];
        for (var block = 0; block < most; block++)
        {
            // Word w of every lane's block, side by side: words[w * 8 + lane].
            words.Clear();
            active.Clear();
            for (var lane = 0; lane < count; lane++)
            {
                if (block >= blocks[lane])
                {
                    continue;
                }

                active[lane] = uint.MaxValue;
                var source = block < whole[lane]
                    ? data.Slice(starts[lane] + (block * BlockBytes), BlockBytes)
                    : tails.Slice((lane * 2 * BlockBytes) + ((block - whole[lane]) * BlockBytes), BlockBytes);
                for (var w = 0; w < 16; w++)
                {
                    words[(w * Lanes) + lane] = BinaryPrimitives.ReadUInt32LittleEndian(source[(w * 4)..]);
                }
            }

            var (na, nb, nc, nd) = Compress(a, b, c, d, words);
            var mask = Vector256.Create<uint>(active);
            a = Vector256.ConditionalSelect(mask, na, a);
            b = Vector256.ConditionalSelect(mask, nb, b);
            c = Vector256.ConditionalSelect(mask, nc, c);
            d = Vector256.ConditionalSelect(mask, nd, d);
        }

        Span<uint> state = stackalloc uint[4 * Lanes];
        a.CopyTo(state);
        b.CopyTo(state[Lanes..]);
        c.CopyTo(state[(2 * Lanes)..]);
        d.CopyTo(state[(3 * Lanes)..]);
        for (var lane = 0; lane < count; lane++)
        {
            var digest = digests.Slice(lane * DigestBytes, DigestBytes);
            for (var register = 0; register < 4; register++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(digest[(register * 4)..], state[(register * Lanes) + lane]);
            }
        }
    }

    /// <summary>One block of every lane: the 64 steps, and the state added back.</summary>
    private static (Vector256<uint> A, Vector256<uint> B, Vector256<uint> C, Vector256<uint> D) Compress(
        Vector256<uint> a0, Vector256<uint> b0, Vector256<uint> c0, Vector256<uint> d0, ReadOnlySpan<uint> words)
    {
        var a = a0;
        var b = b0;
        var c = c0;
        var d = d0;
        var t = T;
        var order = Word;
        for (var i = 0; i < 64; i += 4)
        {
            var round = i >> 4;
            a = b + Rotate(a + Function(round, b, c, d) + Vector256.Create<uint>(words.Slice(order[i] * Lanes, Lanes)) + Vector256.Create(t[i]), Shift[(round * 4) + 0]);
            d = a + Rotate(d + Function(round, a, b, c) + Vector256.Create<uint>(words.Slice(order[i + 1] * Lanes, Lanes)) + Vector256.Create(t[i + 1]), Shift[(round * 4) + 1]);
            c = d + Rotate(c + Function(round, d, a, b) + Vector256.Create<uint>(words.Slice(order[i + 2] * Lanes, Lanes)) + Vector256.Create(t[i + 2]), Shift[(round * 4) + 2]);
            b = c + Rotate(b + Function(round, c, d, a) + Vector256.Create<uint>(words.Slice(order[i + 3] * Lanes, Lanes)) + Vector256.Create(t[i + 3]), Shift[(round * 4) + 3]);
        }

        return (a0 + a, b0 + b, c0 + c, d0 + d);
    }

    // F, G, H and I of RFC 1321 section 3.4, by round.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Function(int round, Vector256<uint> x, Vector256<uint> y, Vector256<uint> z) => round switch
    {
        0 => Vector256.ConditionalSelect(x, y, z),
        1 => Vector256.ConditionalSelect(z, x, y),
        2 => x ^ y ^ z,
        _ => y ^ (x | ~z),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rotate(Vector256<uint> value, int shift) =>
        Vector256.ShiftLeft(value, shift) | Vector256.ShiftRightLogical(value, 32 - shift);

    private static uint[] CreateTable()
    {
        var table = new uint[64];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (uint)(Math.Abs(Math.Sin(i + 1)) * 4294967296.0);
        }

        return table;
    }

    // Round 1 takes word i, round 2 (5i + 1) mod 16, round 3 (3i + 5) mod 16, round 4 7i mod 16.
    private static byte[] CreateWordOrder()
    {
        var order = new byte[64];
        for (var i = 0; i < 64; i++)
        {
            order[i] = (byte)((i >> 4) switch
            {
                0 => i,
                1 => ((5 * i) + 1) & 15,
                2 => ((3 * i) + 5) & 15,
                _ => (7 * i) & 15,
            });
        }

        return order;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// The checksums SQS returns and the SDKs verify: MD5OfMessageBody, MD5OfMessageAttributes and
/// MD5OfMessageSystemAttributes, as lowercase hex written into a caller's 32-character span.
/// </summary>
/// <remarks>
/// The attribute digest is AWS's: attributes sorted by name (ordinal), and for each one the name, the data type and
/// the value, each as a 4-byte big-endian length and its bytes (UTF-8 for text), with one transport byte between
/// type and value: 1 for String and Number (and their custom labels such as Number.float), 2 for Binary.
/// </remarks>
[SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "SQS defines these checksums as MD5; they detect corruption and protect nothing.")]
internal static class MessageMd5
{
    public const int HexLength = 32;

    private const byte StringTransport = 1;
    private const byte BinaryTransport = 2;
    private const int StackBytes = 1024;

    /// <summary>The MD5 of the UTF-8 body (16 bytes), to keep with the message.</summary>
    public static byte[] Body(string body)
    {
        var digest = new byte[MD5.HashSizeInBytes];
        Body(body, digest);
        return digest;
    }

    /// <summary>
    /// The MD5 of each UTF-8 body (16 bytes each), as <see cref="Body(string)"/> gives them: short bodies eight at a
    /// time (<see cref="LanedMd5"/>) where the machine has 256-bit vectors, the others one by one.
    /// </summary>
    public static byte[][] Bodies(IReadOnlyList<string> bodies)
    {
        var digests = new byte[bodies.Count][];
        if (!LanedMd5.IsSupported)
        {
            for (var i = 0; i < bodies.Count; i++)
            {
                digests[i] = Body(bodies[i]);
            }

            return digests;
        }

        Span<int> starts = stackalloc int[LanedMd5.Lanes];
        Span<int> lengths = stackalloc int[LanedMd5.Lanes];
        Span<int> owners = stackalloc int[LanedMd5.Lanes];
        Span<byte> laneDigests = stackalloc byte[LanedMd5.Lanes * MD5.HashSizeInBytes];
        var buffer = ArrayPool<byte>.Shared.Rent(LanedMd5.Lanes * SmallMd5.ManagedLimit);
        try
        {
            var lanes = 0;
            var used = 0;
            for (var i = 0; i < bodies.Count; i++)
            {
                var length = Encoding.UTF8.GetByteCount(bodies[i]);
                if (length > SmallMd5.ManagedLimit)
                {
                    digests[i] = Body(bodies[i]);
                    continue;
                }

                starts[lanes] = used;
                lengths[lanes] = Encoding.UTF8.GetBytes(bodies[i], buffer.AsSpan(used));
                owners[lanes] = i;
                used += length;
                if (++lanes == LanedMd5.Lanes || i == bodies.Count - 1)
                {
                    HashLanes(buffer, starts[..lanes], lengths[..lanes], owners[..lanes], laneDigests, digests);
                    lanes = 0;
                    used = 0;
                }
            }

            if (lanes > 0)
            {
                HashLanes(buffer, starts[..lanes], lengths[..lanes], owners[..lanes], laneDigests, digests);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return digests;
    }

    private static void HashLanes(byte[] buffer, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, ReadOnlySpan<int> owners, Span<byte> laneDigests, byte[][] digests)
    {
        LanedMd5.HashData(buffer, starts, lengths, laneDigests);
        for (var lane = 0; lane < owners.Length; lane++)
        {
            digests[owners[lane]] = laneDigests.Slice(lane * MD5.HashSizeInBytes, MD5.HashSizeInBytes).ToArray();
        }
    }

    /// <summary>Writes the MD5 of the UTF-8 body into <paramref name="digest"/> (16 bytes).</summary>
    public static void Body(string body, Span<byte> digest)
    {
        var length = Encoding.UTF8.GetByteCount(body);
        var rented = length > StackBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var bytes = rented is null ? stackalloc byte[StackBytes] : rented;
            SmallMd5.HashData(bytes[..Encoding.UTF8.GetBytes(body, bytes)], digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes a 16-byte digest to <paramref name="hex"/> as lowercase hex.</summary>
    public static void Hex(ReadOnlySpan<byte> digest, Span<char> hex)
    {
        if (digest.Length != MD5.HashSizeInBytes || !Convert.TryToHexStringLower(digest, hex, out var written) || written != HexLength)
        {
            throw new ArgumentException($"A 16-byte digest is written as {HexLength} characters.", nameof(hex));
        }
    }

    /// <summary>The digest of message attributes; false (and nothing written) when there are none.</summary>
    public static bool TryAttributesHex(IEnumerable<KeyValuePair<string, MessageAttributeValue>> attributes, Span<char> hex)
    {
        var sorted = attributes.ToArray();
        if (sorted.Length == 0)
        {
            return false;
        }

        Array.Sort(sorted, static (left, right) => string.CompareOrdinal(left.Key, right.Key));
        var length = 0;
        foreach (var (name, value) in sorted)
        {
            length += 4 + Encoding.UTF8.GetByteCount(name) + 4 + Encoding.UTF8.GetByteCount(value.DataType) + 1 + 4
                + (IsBinary(value) ? (value.BinaryValue?.Length ?? 0) : Encoding.UTF8.GetByteCount(value.StringValue ?? string.Empty));
        }

        var rented = length > StackBytes ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var bytes = rented is null ? stackalloc byte[StackBytes] : rented;
            var at = 0;
            foreach (var (name, value) in sorted)
            {
                at += WriteText(bytes[at..], name);
                at += WriteText(bytes[at..], value.DataType);
                if (IsBinary(value))
                {
                    bytes[at++] = BinaryTransport;
                    var binary = value.BinaryValue ?? [];
                    BinaryPrimitives.WriteInt32BigEndian(bytes[at..], binary.Length);
                    binary.CopyTo(bytes[(at + 4)..]);
                    at += 4 + binary.Length;
                }
                else
                {
                    bytes[at++] = StringTransport;
                    at += WriteText(bytes[at..], value.StringValue ?? string.Empty);
                }
            }

            DigestHex(bytes[..at], hex);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsBinary(MessageAttributeValue value) => value.DataType.StartsWith("Binary", StringComparison.Ordinal);

    /// <summary>Writes the text's UTF-8 length (4 bytes, big-endian) and bytes; returns how many bytes that took.</summary>
    private static int WriteText(Span<byte> destination, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, written);
        return 4 + written;
    }

    /// <summary>Writes the MD5 of <paramref name="data"/> to <paramref name="hex"/> as lowercase hex.</summary>
    private static void DigestHex(ReadOnlySpan<byte> data, Span<char> hex)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        SmallMd5.HashData(data, hash);
        Hex(hash, hex);
    }
}

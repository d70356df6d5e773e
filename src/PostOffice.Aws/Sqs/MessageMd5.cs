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

    /// <summary>The MD5 of the UTF-8 body.</summary>
    public static void BodyHex(string body, Span<char> hex)
    {
        var length = Encoding.UTF8.GetByteCount(body);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            Encoding.UTF8.GetBytes(body, bytes);
            Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
            MD5.HashData(bytes.AsSpan(0, length), hash);
            ToHex(hash, hex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
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
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        foreach (var (name, value) in sorted)
        {
            AppendText(md5, name);
            AppendText(md5, value.DataType);
            if (value.DataType.StartsWith("Binary", StringComparison.Ordinal))
            {
                md5.AppendData([BinaryTransport]);
                AppendBytes(md5, value.BinaryValue ?? []);
            }
            else
            {
                md5.AppendData([StringTransport]);
                AppendText(md5, value.StringValue ?? string.Empty);
            }
        }

        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        md5.GetHashAndReset(hash);
        ToHex(hash, hex);
        return true;
    }

    private static void AppendText(IncrementalHash md5, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = ArrayPool<byte>.Shared.Rent(length + 4);
        try
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes, length);
            Encoding.UTF8.GetBytes(text, bytes.AsSpan(4));
            md5.AppendData(bytes, 0, length + 4);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void AppendBytes(IncrementalHash md5, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        md5.AppendData(length);
        md5.AppendData(value);
    }

    private static void ToHex(ReadOnlySpan<byte> hash, Span<char> hex)
    {
        if (!Convert.TryToHexStringLower(hash, hex, out var written) || written != HexLength)
        {
            throw new ArgumentException($"The destination must hold {HexLength} characters.", nameof(hex));
        }
    }
}

using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace PostOffice.Broker.Queues;

/// <summary>
/// A receipt handle names one receive of one message: queue id, message sequence number and the receive's nonce,
/// then a tag (the first 16 bytes of HMAC-SHA256 over those 24 bytes, keyed by the store's secret), base64url-encoded.
/// It is opaque to clients. The tag makes handles unforgeable: knowing one handle (or the numbering scheme) does not
/// let anyone build the handle of another message or of a later receive. A handle whose nonce is not the message's
/// latest is stale.
/// </summary>
internal static class ReceiptHandle
{
    /// <summary>The length of the secret <see cref="Create"/> and <see cref="TryParse"/> are keyed with.</summary>
    public const int KeyLength = 32;

    private const int FieldsLength = 24;
    private const int TagLength = 16;
    private const int EncodedLength = 54; // base64url of 40 bytes, unpadded

    // A keyed HMAC per thread, reused: a one-shot HMACSHA256.HashData sets up and tears down the native context on
    // every call, which costs about three times the hash itself; every received and every deleted message needs one.
    [ThreadStatic]
    private static IncrementalHash? _hmac;

    [ThreadStatic]
    private static byte[]? _hmacKey;

    public static string Create(byte[] key, long queueId, long seq, long nonce)
    {
        Span<byte> bytes = stackalloc byte[FieldsLength + TagLength];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, queueId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], seq);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], nonce);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Tag(key, bytes[..FieldsLength], mac);
        mac[..TagLength].CopyTo(bytes[FieldsLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>False for anything this store did not issue: a wrong length, bad base64 or a tag that does not match.</summary>
    public static bool TryParse(byte[] key, string? handle, out long queueId, out long seq, out long nonce)
    {
        queueId = seq = nonce = 0;
        Span<byte> bytes = stackalloc byte[FieldsLength + TagLength];
        if (handle is null || handle.Length != EncodedLength || !Base64Url.TryDecodeFromChars(handle, bytes, out var written) || written != bytes.Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Tag(key, bytes[..FieldsLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..TagLength], bytes[FieldsLength..]))
        {
            return false;
        }

        queueId = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        seq = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        nonce = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        return true;
    }

    private static void Tag(byte[] key, ReadOnlySpan<byte> fields, Span<byte> mac)
    {
        // Keyed by reference: an engine's key array never changes once loaded, and engines with other keys (tests,
        // a reload) simply key a fresh one.
        var hmac = _hmac;
        if (hmac is null || !ReferenceEquals(_hmacKey, key))
        {
            hmac?.Dispose();
            _hmac = hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            _hmacKey = key;
        }

        hmac.AppendData(fields);
        hmac.GetHashAndReset(mac);
    }
}

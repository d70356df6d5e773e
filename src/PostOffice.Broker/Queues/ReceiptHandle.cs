using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace PostOffice.Broker.Queues;

/// <summary>
/// A receipt handle names one receive of one message: queue id, message sequence number and the receive's nonce,
/// then a tag (SipHash-2-4-128 over those 24 bytes, keyed by a key derived from the store's secret),
/// base64url-encoded. It is opaque to clients. The tag makes handles unforgeable: knowing one handle (or the numbering
/// scheme) does not let anyone build the handle of another message or of a later receive. A handle whose nonce is not
/// the message's latest is stale.
/// </summary>
/// <remarks>
/// Every received and every deleted message needs one tag. HMAC-SHA256 through the platform's native library cost
/// about a microsecond a call, most of it the call rather than the hash; SipHash is a keyed PRF made for inputs this
/// short and runs in managed code.
/// </remarks>
internal static class ReceiptHandle
{
    /// <summary>The length of the store's secret, from which <see cref="DeriveKey"/> derives the tag key.</summary>
    public const int SecretLength = 32;

    private const int FieldsLength = 24;
    private const int EncodedLength = 54; // base64url of 40 bytes, unpadded

    /// <summary>The tag key for a store's secret: the first 16 bytes of HMAC-SHA256(secret, a fixed label).</summary>
    public static byte[] DeriveKey(byte[] secret) =>
        HMACSHA256.HashData(secret, "postoffice sqs receipt-handle tag, SipHash-2-4-128"u8)[..SipHash.KeyLength];

    public static string Create(byte[] key, long queueId, long seq, long nonce)
    {
        Span<byte> bytes = stackalloc byte[FieldsLength + SipHash.TagLength];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, queueId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], seq);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], nonce);
        SipHash.Tag128(key, bytes[..FieldsLength], bytes[FieldsLength..]);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>False for anything this store did not issue: a wrong length, bad base64 or a tag that does not match.</summary>
    public static bool TryParse(byte[] key, string? handle, out long queueId, out long seq, out long nonce)
    {
        queueId = seq = nonce = 0;
        Span<byte> bytes = stackalloc byte[FieldsLength + SipHash.TagLength];
        if (handle is null || handle.Length != EncodedLength || !Base64Url.TryDecodeFromChars(handle, bytes, out var written) || written != bytes.Length)
        {
            return false;
        }

        Span<byte> tag = stackalloc byte[SipHash.TagLength];
        SipHash.Tag128(key, bytes[..FieldsLength], tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes[FieldsLength..]))
        {
            return false;
        }

        queueId = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        seq = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        nonce = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        return true;
    }
}

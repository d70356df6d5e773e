using System.Buffers.Binary;
using System.Buffers.Text;

namespace PostOffice.Broker.Queues;

/// <summary>
/// A receipt handle names one receive of one message: queue id, message sequence number and the receive's nonce,
/// base64url-encoded. It is opaque to clients; a handle whose nonce is not the message's latest is stale.
/// </summary>
internal static class ReceiptHandle
{
    public static string Create(long queueId, long seq, long nonce)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, queueId);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], seq);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], nonce);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? handle, out long queueId, out long seq, out long nonce)
    {
        queueId = seq = nonce = 0;
        Span<byte> bytes = stackalloc byte[24];
        if (handle is null || handle.Length != 32 || !Base64Url.TryDecodeFromChars(handle, bytes, out var written) || written != 24)
        {
            return false;
        }

        queueId = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        seq = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        nonce = BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]);
        return true;
    }
}

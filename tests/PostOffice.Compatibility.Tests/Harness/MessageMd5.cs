using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// The digests SQS returns with a message, computed independently of any client so that a test asserts the exact
/// value. https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
/// </summary>
public static class MessageMd5
{
    /// <summary>A message attribute as sent: String and Number types carry a string value, Binary ones bytes.</summary>
    public sealed record Attribute(string Name, string DataType, string? StringValue = null, byte[]? BinaryValue = null);

    /// <summary>MD5OfMessageBody / MD5OfBody: lowercase hex MD5 of the body's UTF-8 bytes.</summary>
    public static string OfBody(string body) => Hex(Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// MD5OfMessageAttributes: the attributes sorted by name; for each, the name, the data type, one transport byte
    /// (1 for String and Number, 2 for Binary) and the value, each string and value preceded by its length as a
    /// 4-byte big-endian integer.
    /// </summary>
    public static string OfAttributes(IEnumerable<Attribute> attributes)
    {
        using var buffer = new MemoryStream();
        foreach (var attribute in attributes.OrderBy(attribute => attribute.Name, StringComparer.Ordinal))
        {
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(attribute.Name));
            WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(attribute.DataType));
            if (attribute.DataType.StartsWith("Binary", StringComparison.Ordinal))
            {
                buffer.WriteByte(2);
                WriteLengthPrefixed(buffer, attribute.BinaryValue ?? throw new ArgumentException($"{attribute.Name} has no binary value"));
            }
            else
            {
                buffer.WriteByte(1);
                WriteLengthPrefixed(buffer, Encoding.UTF8.GetBytes(attribute.StringValue ?? throw new ArgumentException($"{attribute.Name} has no string value")));
            }
        }

        return Hex(buffer.ToArray());
    }

    private static void WriteLengthPrefixed(Stream stream, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }

#pragma warning disable CA5351 // MD5 is what the SQS wire format uses; nothing here is security-relevant.
    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
#pragma warning restore CA5351
}

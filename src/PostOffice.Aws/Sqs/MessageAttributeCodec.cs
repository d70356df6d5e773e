using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// Message attributes on the wire: a JSON object <c>{"name": {"DataType", "StringValue" | "BinaryValue"}}</c>, or
/// <c>MessageAttribute.N.Name</c> and <c>MessageAttribute.N.Value.DataType</c>... in a form. The engine validates
/// names, types and values; the edge only moves them.
/// </summary>
internal static class MessageAttributeCodec
{
    private const string KeyName = "Name";
    private const string ValueName = "Value";

    public static IReadOnlyDictionary<string, MessageAttributeValue> Read(IAwsInput input, AwsMember member)
    {
        var entries = input.GetStructureMap(member, KeyName, ValueName);
        if (entries.Count == 0)
        {
            return SendMessageRequest.EmptyAttributes;
        }

        var attributes = new Dictionary<string, MessageAttributeValue>(entries.Count, StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            attributes[name] = new MessageAttributeValue(
                value.GetString(SqsMembers.DataType) ?? string.Empty,
                value.GetString(SqsMembers.StringValue),
                value.GetBlob(SqsMembers.BinaryValue));
        }

        return attributes;
    }

    public static void Write(IAwsOutput output, AwsMember member, IReadOnlyCollection<KeyValuePair<string, MessageAttributeValue>> attributes)
    {
        if (attributes.Count == 0)
        {
            return;
        }

        output.WriteStartStructureMap(member, KeyName, ValueName);
        foreach (var (name, value) in attributes)
        {
            output.WriteStartStructureMapEntry(name);
            output.WriteString(SqsMembers.StringValue, value.StringValue);
            if (value.BinaryValue is { } binary)
            {
                output.WriteBlob(SqsMembers.BinaryValue, binary);
            }

            output.WriteString(SqsMembers.DataType, value.DataType);
            output.WriteEndStructureMapEntry();
        }

        output.WriteEndStructureMap();
    }

    /// <summary>Writes <paramref name="member"/> with the attributes' digest; nothing when there are none.</summary>
    public static void WriteMd5(IAwsOutput output, AwsMember member, IEnumerable<KeyValuePair<string, MessageAttributeValue>> attributes)
    {
        Span<char> hex = stackalloc char[MessageMd5.HexLength];
        if (MessageMd5.TryAttributesHex(attributes, hex))
        {
            output.WriteString(member, hex);
        }
    }

    /// <summary>MD5OfMessageBody: <paramref name="digest"/> when the message kept one, else the body hashed now.</summary>
    public static void WriteBodyMd5(IAwsOutput output, AwsMember member, string body, byte[]? digest)
    {
        Span<char> hex = stackalloc char[MessageMd5.HexLength];
        if (digest is { Length: 16 })
        {
            MessageMd5.Hex(digest, hex);
        }
        else
        {
            Span<byte> computed = stackalloc byte[16];
            MessageMd5.Body(body, computed);
            MessageMd5.Hex(computed, hex);
        }

        output.WriteString(member, hex);
    }
}

using System.Text;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs;

/// <summary>The members SendMessage and a SendMessageBatch entry share, read into the engine's request and written back as results.</summary>
internal static class SendMessageCodec
{
    /// <summary>The request, with the body's MD5 (returned now and kept for every receive).</summary>
    public static SendMessageRequest Read(IAwsInput input, string senderId) => Read(input, senderId, digest: true);

    /// <summary>The requests of a batch's entries, read in order, with their bodies' MD5s computed together.</summary>
    public static SendMessageRequest[] ReadBatch(IReadOnlyList<IAwsInput> entries, string senderId)
    {
        var requests = new SendMessageRequest[entries.Count];
        var bodies = new string[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            requests[i] = Read(entries[i], senderId, digest: false);
            bodies[i] = requests[i].Body;
        }

        var digests = MessageMd5.Bodies(bodies);
        for (var i = 0; i < requests.Length; i++)
        {
            requests[i] = requests[i] with { BodyMd5 = digests[i] };
        }

        return requests;
    }

    private static SendMessageRequest Read(IAwsInput input, string senderId, bool digest)
    {
        var body = input.RequireString(SqsMembers.MessageBody);
        return new()
        {
            Body = body,
            BodyMd5 = digest ? MessageMd5.Body(body) : null,
            DelaySeconds = input.GetInt32(SqsMembers.DelaySeconds),
            MessageAttributes = MessageAttributeCodec.Read(input, SqsMembers.MessageAttributes),
            MessageSystemAttributes = MessageAttributeCodec.Read(input, SqsMembers.MessageSystemAttributes),
            MessageGroupId = input.GetString(SqsMembers.MessageGroupId),
            MessageDeduplicationId = input.GetString(SqsMembers.MessageDeduplicationId),
            SenderId = senderId,
        };
    }

    /// <summary>MD5OfMessageBody, MD5OfMessageAttributes, MD5OfMessageSystemAttributes (each when there is something to digest), MessageId, SequenceNumber.</summary>
    public static void WriteResult(IAwsOutput output, SendMessageRequest sent, SendMessageResult result)
    {
        MessageAttributeCodec.WriteBodyMd5(output, SqsMembers.Md5OfMessageBody, sent.Body, sent.BodyMd5);
        MessageAttributeCodec.WriteMd5(output, SqsMembers.Md5OfMessageAttributes, sent.MessageAttributes);
        MessageAttributeCodec.WriteMd5(output, SqsMembers.Md5OfMessageSystemAttributes, sent.MessageSystemAttributes);
        output.WriteString(SqsMembers.MessageId, result.MessageId);
        output.WriteString(SqsMembers.SequenceNumber, result.SequenceNumber);
    }

    /// <summary>What counts towards the 1 MiB of a batch: bodies and attribute names, types and values, in bytes.</summary>
    public static long PayloadBytes(SendMessageRequest message)
    {
        long bytes = Encoding.UTF8.GetByteCount(message.Body);
        foreach (var (name, value) in message.MessageAttributes)
        {
            bytes += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType);
            bytes += value.BinaryValue?.Length ?? Encoding.UTF8.GetByteCount(value.StringValue ?? string.Empty);
        }

        return bytes;
    }
}

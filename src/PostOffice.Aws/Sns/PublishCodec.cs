using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns;

/// <summary>Decodes a Publish request or one PublishBatch entry into the engine's <see cref="PublishRequest"/>.</summary>
internal static class PublishCodec
{
    public static PublishRequest Decode(IAwsInput input, AwsRequest request)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        foreach (var (name, value) in input.GetStructureMap(SnsMembers.MessageAttributes, "Name", "Value"))
        {
            var dataType = value.GetString(SnsMembers.DataType)
                ?? throw new AwsProtocolException(nameof(TopicErrorCode.InvalidParameterValue), $"The message attribute '{name}' must contain a non-empty message attribute type.");
            attributes[name] = new MessageAttributeValue(dataType, value.GetString(SnsMembers.StringValue), value.GetBlob(SnsMembers.BinaryValue));
        }

        return new PublishRequest
        {
            Message = input.GetString(SnsMembers.Message) ?? throw new AwsProtocolException(nameof(TopicErrorCode.InvalidParameter), "Invalid parameter: Message"),
            Subject = input.GetString(SnsMembers.Subject),
            MessageStructure = input.GetString(SnsMembers.MessageStructure),
            MessageAttributes = attributes,
            MessageGroupId = input.GetString(SnsMembers.MessageGroupId),
            MessageDeduplicationId = input.GetString(SnsMembers.MessageDeduplicationId),
            ServiceEndpoint = request.Endpoint,
        };
    }
}

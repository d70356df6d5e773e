using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>Publish: TopicArn (or TargetArn naming a topic), Message, Subject, MessageStructure, MessageAttributes, FIFO ids → MessageId, SequenceNumber.</summary>
internal sealed class PublishAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "Publish";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        if (input.GetString(SnsMembers.PhoneNumber) is not null)
        {
            // SMS is not served: there is no phone network behind this server.
            throw new AwsProtocolException(nameof(TopicErrorCode.InvalidParameter), "Invalid parameter: PhoneNumber Reason: SMS is not supported");
        }

        var topicArn = input.GetString(SnsMembers.TopicArn) ?? input.GetString(SnsMembers.TargetArn)
            ?? throw new AwsProtocolException(nameof(TopicErrorCode.InvalidParameter), "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
        var result = await Topics.PublishAsync(topicArn, PublishCodec.Decode(input, request), cancellationToken);
        output.WriteString(SnsMembers.MessageId, result.MessageId);
        output.WriteString(SnsMembers.SequenceNumber, result.SequenceNumber);
    }
}

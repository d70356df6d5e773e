using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>SetTopicAttributes: TopicArn, AttributeName, AttributeValue (absent: cleared).</summary>
internal sealed class SetTopicAttributesAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "SetTopicAttributes";

    public override bool HasResult => false;

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        await Topics.SetTopicAttributeAsync(
            Require(input, SnsMembers.TopicArn), Require(input, SnsMembers.AttributeName), input.GetString(SnsMembers.AttributeValue), cancellationToken);
    }
}

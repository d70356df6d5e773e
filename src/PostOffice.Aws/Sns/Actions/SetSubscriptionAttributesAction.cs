using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>SetSubscriptionAttributes: SubscriptionArn, AttributeName, AttributeValue (absent or empty: cleared).</summary>
internal sealed class SetSubscriptionAttributesAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "SetSubscriptionAttributes";

    public override bool HasResult => false;

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        await Topics.SetSubscriptionAttributeAsync(
            Require(input, SnsMembers.SubscriptionArn), Require(input, SnsMembers.AttributeName), input.GetString(SnsMembers.AttributeValue), cancellationToken);
    }
}

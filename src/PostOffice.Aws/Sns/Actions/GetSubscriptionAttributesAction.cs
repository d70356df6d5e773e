using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>GetSubscriptionAttributes: SubscriptionArn → Attributes.</summary>
internal sealed class GetSubscriptionAttributesAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "GetSubscriptionAttributes";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var attributes = await Topics.GetSubscriptionAttributesAsync(Require(request.Input, SnsMembers.SubscriptionArn), cancellationToken);
        SnsOutput.WriteStringMap(output, "Attributes", attributes);
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>Unsubscribe: SubscriptionArn. Also the target of an envelope's UnsubscribeURL (a GET).</summary>
internal sealed class UnsubscribeAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "Unsubscribe";

    public override bool HasResult => false;

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken) =>
        await Topics.UnsubscribeAsync(Require(request.Input, SnsMembers.SubscriptionArn), cancellationToken);
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>ListSubscriptionsByTopic: TopicArn, NextToken → Subscriptions, NextToken.</summary>
internal sealed class ListSubscriptionsByTopicAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "ListSubscriptionsByTopic";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var page = await Topics.ListSubscriptionsAsync(Require(input, SnsMembers.TopicArn), input.GetString(SnsMembers.NextToken), cancellationToken);
        ListSubscriptionsAction.WritePage(output, page);
    }
}

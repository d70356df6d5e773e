using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>ListSubscriptions: NextToken → Subscriptions (100 per page), NextToken.</summary>
internal sealed class ListSubscriptionsAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "ListSubscriptions";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var page = await Topics.ListSubscriptionsAsync(null, request.Input.GetString(SnsMembers.NextToken), cancellationToken);
        WritePage(output, page);
    }

    public static void WritePage(IAwsOutput output, SubscriptionPage page)
    {
        SnsOutput.WriteStructureList(output, "Subscriptions", page.Subscriptions, static (o, s) =>
        {
            o.WriteString(SnsMembers.SubscriptionArn, s.SubscriptionArn);
            o.WriteString(SnsMembers.Owner, s.Owner);
            o.WriteString(SnsMembers.Protocol, s.Protocol);
            o.WriteString(SnsMembers.Endpoint, s.Endpoint);
            o.WriteString(SnsMembers.TopicArn, s.TopicArn);
        });
        output.WriteString(SnsMembers.NextToken, page.NextToken);
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>ListTopics: NextToken → Topics (100 per page), NextToken.</summary>
internal sealed class ListTopicsAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "ListTopics";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var page = await Topics.ListTopicsAsync(request.Input.GetString(SnsMembers.NextToken), cancellationToken);
        SnsOutput.WriteStructureList(output, "Topics", page.TopicArns, static (o, arn) => o.WriteString(SnsMembers.TopicArn, arn));
        output.WriteString(SnsMembers.NextToken, page.NextToken);
    }
}

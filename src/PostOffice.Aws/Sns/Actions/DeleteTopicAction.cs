using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>DeleteTopic: TopicArn (idempotent).</summary>
internal sealed class DeleteTopicAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "DeleteTopic";

    public override bool HasResult => false;

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken) =>
        await Topics.DeleteTopicAsync(Require(request.Input, SnsMembers.TopicArn), cancellationToken);
}

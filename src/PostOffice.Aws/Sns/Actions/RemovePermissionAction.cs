using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>RemovePermission: TopicArn, Label (the Sid of a statement in the topic's Policy).</summary>
internal sealed class RemovePermissionAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "RemovePermission";

    public override bool HasResult => false;

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        await Topics.RemovePermissionAsync(Require(input, SnsMembers.TopicArn), Require(input, SnsMembers.Label), cancellationToken);
    }
}

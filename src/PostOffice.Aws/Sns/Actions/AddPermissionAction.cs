using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>
/// AddPermission: TopicArn, Label, AWSAccountId (AWSAccountId.member.N in a form), ActionName (ActionName.member.N).
/// The engine validates both lists (an empty one is InvalidParameter).
/// </summary>
internal sealed class AddPermissionAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "AddPermission";

    public override bool HasResult => false;

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        await Topics.AddPermissionAsync(
            Require(input, SnsMembers.TopicArn),
            Require(input, SnsMembers.Label),
            input.GetStringList(SnsMembers.AwsAccountId),
            input.GetStringList(SnsMembers.ActionName),
            cancellationToken);
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>
/// AddPermission: QueueUrl, Label, AWSAccountIds (AWSAccountId.N in a form), Actions (ActionName.N). The engine
/// validates both lists (an empty one is an error it reports as AWS does).
/// </summary>
internal sealed class AddPermissionAction(IQueueService queues) : SqsAction(queues)
{
    public static readonly AwsMember Label = new("Label");
    private static readonly AwsMember AwsAccountIds = new("AWSAccountIds", "AWSAccountId");
    private static readonly AwsMember Actions = new("Actions", "ActionName");

    public override string Name => "AddPermission";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var label = request.Input.RequireString(Label);
        var accountIds = request.Input.GetStringList(AwsAccountIds);
        var actions = request.Input.GetStringList(Actions);
        await Queues.AddPermissionAsync(queueName, label, accountIds, actions, cancellationToken);
    }
}

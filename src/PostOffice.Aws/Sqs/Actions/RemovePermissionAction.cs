using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>RemovePermission: QueueUrl, Label (the Sid of a statement AddPermission wrote).</summary>
internal sealed class RemovePermissionAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "RemovePermission";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        await Queues.RemovePermissionAsync(queueName, request.Input.RequireString(AddPermissionAction.Label), cancellationToken);
    }
}

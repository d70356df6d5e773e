using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>CancelMessageMoveTask: TaskHandle → ApproximateNumberOfMessagesMoved.</summary>
internal sealed class CancelMessageMoveTaskAction(IQueueService queues) : SqsAction(queues)
{
    private static readonly AwsMember ApproximateNumberOfMessagesMoved = new("ApproximateNumberOfMessagesMoved");

    public override string Name => "CancelMessageMoveTask";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var moved = await Queues.CancelMessageMoveTaskAsync(request.Input.RequireString(SqsMembers.TaskHandle), cancellationToken);
        output.WriteNumber(ApproximateNumberOfMessagesMoved, moved);
    }
}

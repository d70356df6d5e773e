using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>StartMessageMoveTask: SourceArn, DestinationArn, MaxNumberOfMessagesPerSecond → TaskHandle. ARNs go to the engine as they are.</summary>
internal sealed class StartMessageMoveTaskAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "StartMessageMoveTask";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var taskHandle = await Queues.StartMessageMoveTaskAsync(
            input.RequireString(SqsMembers.SourceArn),
            input.GetString(SqsMembers.DestinationArn),
            input.GetInt32(SqsMembers.MaxNumberOfMessagesPerSecond),
            cancellationToken);
        output.WriteString(SqsMembers.TaskHandle, taskHandle);
    }
}

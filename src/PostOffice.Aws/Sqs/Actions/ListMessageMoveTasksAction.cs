using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>ListMessageMoveTasks: SourceArn, MaxResults → Results, newest first.</summary>
internal sealed class ListMessageMoveTasksAction(IQueueService queues) : SqsAction(queues)
{
    // A flattened list without a locationName in the model: its XML elements take the member name.
    private static readonly AwsMember Results = new("Results");
    private static readonly AwsMember Status = new("Status");
    private static readonly AwsMember ApproximateNumberOfMessagesMoved = new("ApproximateNumberOfMessagesMoved");
    private static readonly AwsMember ApproximateNumberOfMessagesToMove = new("ApproximateNumberOfMessagesToMove");
    private static readonly AwsMember FailureReason = new("FailureReason");
    private static readonly AwsMember StartedTimestamp = new("StartedTimestamp");

    public override string Name => "ListMessageMoveTasks";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var tasks = await Queues.ListMessageMoveTasksAsync(
            input.RequireString(SqsMembers.SourceArn), input.GetInt32(SqsMembers.MaxResults), cancellationToken);
        output.WriteStartStructureList(Results);
        foreach (var task in tasks)
        {
            output.WriteStartStructure();

            // AWS: "only populated for tasks that are in RUNNING status"; the handle of a finished task is useless.
            output.WriteString(SqsMembers.TaskHandle, task.Status == "RUNNING" ? task.TaskHandle : null);
            output.WriteString(Status, task.Status);
            output.WriteString(SqsMembers.SourceArn, task.SourceArn);
            output.WriteString(SqsMembers.DestinationArn, task.DestinationArn);
            if (task.MaxNumberOfMessagesPerSecond is { } rate)
            {
                output.WriteNumber(SqsMembers.MaxNumberOfMessagesPerSecond, rate);
            }

            output.WriteNumber(ApproximateNumberOfMessagesMoved, task.ApproximateNumberOfMessagesMoved);
            output.WriteNumber(ApproximateNumberOfMessagesToMove, task.ApproximateNumberOfMessagesToMove);
            output.WriteString(FailureReason, task.FailureReason);
            output.WriteNumber(StartedTimestamp, task.StartedTimestamp);
            output.WriteEndStructure();
        }

        output.WriteEndStructureList();
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>GetQueueUrl: QueueName (QueueOwnerAWSAccountId is accepted and ignored: there is one account) → QueueUrl.</summary>
internal sealed class GetQueueUrlAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "GetQueueUrl";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queue = await Queues.GetQueueAsync(request.Input.RequireString(SqsMembers.QueueName), cancellationToken);
        output.WriteString(SqsMembers.QueueUrl, SqsQueueUrl.For(request, queue.Name));
    }
}

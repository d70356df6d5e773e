using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>DeleteQueue: QueueUrl.</summary>
internal sealed class DeleteQueueAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "DeleteQueue";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken) =>
        await Queues.DeleteQueueAsync(SqsQueueUrl.ResolveQueueName(request), cancellationToken);
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>PurgeQueue: QueueUrl.</summary>
internal sealed class PurgeQueueAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "PurgeQueue";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken) =>
        await Queues.PurgeQueueAsync(SqsQueueUrl.ResolveQueueName(request), cancellationToken);
}

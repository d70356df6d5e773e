using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>ChangeMessageVisibility: QueueUrl, ReceiptHandle, VisibilityTimeout.</summary>
internal sealed class ChangeMessageVisibilityAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "ChangeMessageVisibility";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var change = new VisibilityChange(
            request.Input.RequireString(SqsMembers.ReceiptHandle), request.Input.RequireInt32(SqsMembers.VisibilityTimeout));
        var outcomes = await Queues.ChangeMessageVisibilityAsync(queueName, [change], cancellationToken);
        if (outcomes[0] is { } error)
        {
            throw new QueueException(error);
        }
    }
}

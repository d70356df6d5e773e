using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>DeleteMessage: QueueUrl, ReceiptHandle. Answered once the delete is durable.</summary>
internal sealed class DeleteMessageAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "DeleteMessage";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var receiptHandle = request.Input.RequireString(SqsMembers.ReceiptHandle);
        var outcomes = await Queues.DeleteMessagesAsync(queueName, [receiptHandle], cancellationToken);
        if (outcomes[0] is { } error)
        {
            throw new QueueException(error);
        }
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>SendMessage: QueueUrl, MessageBody, DelaySeconds, MessageAttributes, MessageSystemAttributes, MessageGroupId, MessageDeduplicationId.</summary>
internal sealed class SendMessageAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "SendMessage";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var message = SendMessageCodec.Read(request.Input, request.SenderId);
        var outcomes = await Queues.SendMessagesAsync(queueName, [message], cancellationToken);
        var outcome = outcomes[0];
        if (outcome.Error is { } error)
        {
            throw new QueueException(error);
        }

        SendMessageCodec.WriteResult(output, message, outcome.Result!);
    }
}

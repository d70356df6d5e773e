using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>
/// ReceiveMessage: QueueUrl, AttributeNames and MessageSystemAttributeNames, MessageAttributeNames,
/// MaxNumberOfMessages, VisibilityTimeout, WaitTimeSeconds, ReceiveRequestAttemptId → Messages (omitted when none).
/// The engine returns every attribute; only those asked for are written, and MD5OfMessageAttributes digests exactly
/// the attributes written, which is what the SDKs recompute.
/// </summary>
internal sealed class ReceiveMessageAction(IQueueService queues) : SqsAction(queues)
{
    private static readonly AwsMember AttributeNames = new("AttributeNames", "AttributeName");
    private static readonly AwsMember MessageSystemAttributeNames = new("MessageSystemAttributeNames", "MessageSystemAttributeName");
    private static readonly AwsMember MessageAttributeNames = new("MessageAttributeNames", "MessageAttributeName");
    private static readonly AwsMember MaxNumberOfMessages = new("MaxNumberOfMessages");
    private static readonly AwsMember WaitTimeSeconds = new("WaitTimeSeconds");
    private static readonly AwsMember ReceiveRequestAttemptId = new("ReceiveRequestAttemptId");
    private static readonly AwsMember Messages = new("Messages", "Message");
    private static readonly AwsMember Body = new("Body");
    private static readonly AwsMember Md5OfBody = new("MD5OfBody");

    public override string Name => "ReceiveMessage";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var system = SystemAttributeSelection.From(input.GetStringList(AttributeNames).Concat(input.GetStringList(MessageSystemAttributeNames)));
        var attributes = new MessageAttributeSelection(input.GetStringList(MessageAttributeNames));
        var receive = new ReceiveMessagesRequest
        {
            MaxNumberOfMessages = input.GetInt32(MaxNumberOfMessages) ?? 1,
            VisibilityTimeout = input.GetInt32(SqsMembers.VisibilityTimeout),
            WaitTimeSeconds = input.GetInt32(WaitTimeSeconds),
            ReceiveRequestAttemptId = input.GetString(ReceiveRequestAttemptId),
        };

        var messages = await Queues.ReceiveMessagesAsync(queueName, receive, cancellationToken);
        if (messages.Count == 0)
        {
            return;
        }

        output.WriteStartStructureList(Messages);
        foreach (var message in messages)
        {
            output.WriteStartStructure();
            output.WriteString(SqsMembers.MessageId, message.MessageId);
            output.WriteString(SqsMembers.ReceiptHandle, message.ReceiptHandle);
            MessageAttributeCodec.WriteBodyMd5(output, Md5OfBody, message.Body, message.BodyMd5);
            output.WriteString(Body, message.Body);
            if (!system.IsEmpty && system.Select(message.System).ToList() is { Count: > 0 } selected)
            {
                output.WriteStringMap(SqsMembers.Attributes, "Name", "Value", selected);
            }

            if (!attributes.IsEmpty && message.MessageAttributes.Where(attribute => attributes.Matches(attribute.Key)).ToList() is { Count: > 0 } returned)
            {
                MessageAttributeCodec.WriteMd5(output, SqsMembers.Md5OfMessageAttributes, returned);
                MessageAttributeCodec.Write(output, SqsMembers.MessageAttributes, returned);
            }

            output.WriteEndStructure();
        }

        output.WriteEndStructureList();
    }
}

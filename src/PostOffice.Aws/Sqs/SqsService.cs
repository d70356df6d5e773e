using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Sqs.Actions;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// Amazon SQS on the wire: JSON 1.0 with <c>X-Amz-Target: AmazonSQS.*</c> (awsQueryCompatible) and the
/// 2012-11-05 query protocol, over the queue engine. One handler per action, registered here.
/// </summary>
internal sealed class SqsService : IAwsService
{
    public SqsService(IQueueService queues)
    {
        Actions = new AwsActionTable(
        [
            new CreateQueueAction(queues),
            new GetQueueUrlAction(queues),
            new DeleteQueueAction(queues),
            new ListQueuesAction(queues),
            new GetQueueAttributesAction(queues),
            new SetQueueAttributesAction(queues),
            new ListQueueTagsAction(queues),
            new TagQueueAction(queues),
            new UntagQueueAction(queues),
            new PurgeQueueAction(queues),
            new ListDeadLetterSourceQueuesAction(queues),
            new SendMessageAction(queues),
            new SendMessageBatchAction(queues),
            new ReceiveMessageAction(queues),
            new DeleteMessageAction(queues),
            new DeleteMessageBatchAction(queues),
            new ChangeMessageVisibilityAction(queues),
            new ChangeMessageVisibilityBatchAction(queues),
            new StartMessageMoveTaskAction(queues),
            new ListMessageMoveTasksAction(queues),
            new CancelMessageMoveTaskAction(queues),
            new AddPermissionAction(queues),
            new RemovePermissionAction(queues),
        ]);
    }

    /// <summary>SQS errors over the common ones (Sqs/SqsErrors.json).</summary>
    public static AwsErrorCatalog Catalog { get; } = AwsErrorCatalog.LoadEmbedded("PostOffice.Aws.Sqs.SqsErrors.json", AwsErrorCatalog.Common);

    public string Name => "SQS";

    public string SigningName => "sqs";

    public string? QueryVersion => "2012-11-05";

    public string XmlNamespace => "http://queue.amazonaws.com/doc/2012-11-05/";

    public string? JsonTargetPrefix => "AmazonSQS";

    public string JsonContentType => "application/x-amz-json-1.0";

    public bool IsQueryCompatible => true;

    public AwsErrorCatalog Errors => Catalog;

    public AwsActionTable Actions { get; }
}

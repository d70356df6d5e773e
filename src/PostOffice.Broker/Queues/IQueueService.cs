namespace PostOffice.Broker.Queues;

/// <summary>
/// The queue engine as the protocol edges see it: SQS semantics, no wire formats. Queues are named by their plain
/// name (the edge extracts it from a queue URL or ARN). Request-level failures throw <see cref="QueueException"/>;
/// per-entry failures of the batch-shaped calls come back as <see cref="QueueError"/> values, in entry order.
/// </summary>
/// <remarks>
/// Every call that changes messages completes only once the change is durable: a send is on disk before its
/// result is returned, and so is a delete. Receives are not waited on (see docs/storage.md).
/// </remarks>
public interface IQueueService
{
    /// <summary>
    /// Creates a queue, or returns the existing one when its attributes match those given
    /// (<see cref="QueueErrorCode.QueueAlreadyExists"/> when they differ; tags are not compared, as in AWS).
    /// </summary>
    Task<QueueDescription> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken);

    /// <summary>The queue, or <see cref="QueueErrorCode.QueueDoesNotExist"/>.</summary>
    Task<QueueDescription> GetQueueAsync(string queueName, CancellationToken cancellationToken);

    Task DeleteQueueAsync(string queueName, CancellationToken cancellationToken);

    /// <summary>Queue names in name order; <paramref name="maxResults"/> 1-1000, or null for up to 1000 with no token.</summary>
    Task<QueuePage> ListQueuesAsync(string? namePrefix, int? maxResults, string? nextToken, CancellationToken cancellationToken);

    /// <summary>Queues whose RedrivePolicy names this queue as their dead-letter queue.</summary>
    Task<QueuePage> ListDeadLetterSourceQueuesAsync(string queueName, int? maxResults, string? nextToken, CancellationToken cancellationToken);

    /// <summary>The named attributes ("All" for every one), formatted as AWS returns them (strings).</summary>
    Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueName, IReadOnlyCollection<string> attributeNames, CancellationToken cancellationToken);

    Task SetQueueAttributesAsync(string queueName, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> ListQueueTagsAsync(string queueName, CancellationToken cancellationToken);

    Task TagQueueAsync(string queueName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    Task UntagQueueAsync(string queueName, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a statement labelled <paramref name="label"/> to the queue's Policy attribute granting
    /// <paramref name="actions"/> (without the "SQS:" prefix, or "*") to the 12-digit <paramref name="accountIds"/>.
    /// </summary>
    Task AddPermissionAsync(string queueName, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actions, CancellationToken cancellationToken);

    /// <summary>Removes the Policy statement labelled <paramref name="label"/>; the Policy goes when no statement is left.</summary>
    Task RemovePermissionAsync(string queueName, string label, CancellationToken cancellationToken);

    /// <summary>Deletes every message; <see cref="QueueErrorCode.PurgeQueueInProgress"/> within 60 s of the last purge.</summary>
    Task PurgeQueueAsync(string queueName, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one or more messages (SendMessage is a list of one). Entries that pass validation are stored in one
    /// atomic write; each entry gets a result or an error. A queue that does not exist throws.
    /// </summary>
    ValueTask<IReadOnlyList<SendOutcome>> SendMessagesAsync(string queueName, IReadOnlyList<SendMessageRequest> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Receives up to <see cref="ReceiveMessagesRequest.MaxNumberOfMessages"/> messages, waiting up to the wait time
    /// (request or queue default) and returning as soon as any message is available. Cancelled when the caller goes away.
    /// </summary>
    ValueTask<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queueName, ReceiveMessagesRequest request, CancellationToken cancellationToken);

    /// <summary>Deletes by receipt handle; one outcome per handle (null: deleted).</summary>
    ValueTask<IReadOnlyList<QueueError?>> DeleteMessagesAsync(string queueName, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken);

    /// <summary>Changes visibility timeouts (0-43200 s); one outcome per change (null: changed).</summary>
    ValueTask<IReadOnlyList<QueueError?>> ChangeMessageVisibilityAsync(string queueName, IReadOnlyList<VisibilityChange> changes, CancellationToken cancellationToken);

    /// <summary>Starts moving messages out of a dead-letter queue (by ARN) back to their sources or to a destination.</summary>
    Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken);

    /// <summary>The most recent move tasks of a source queue (by ARN), newest first; up to 10.</summary>
    Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults, CancellationToken cancellationToken);

    /// <summary>Cancels a running move task; returns the number of messages moved so far.</summary>
    Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken);
}

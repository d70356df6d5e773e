using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Http;

/// <summary>
/// A queue engine that records what the edge asks and answers with canned results: it tests the mapping between
/// the wire and the engine contract, not queue semantics.
/// </summary>
public sealed class RecordingQueueService : IQueueService
{
    private readonly List<RecordedCall> _calls = [];

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>When set, every call throws it (request-level failures).</summary>
    public Exception? Failure { get; set; }

    public QueuePage Page { get; set; } = new([], null);

    public IReadOnlyDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();

    /// <summary>Per-entry outcomes of sends; by default every message succeeds as "msg-{index}".</summary>
    public Func<IReadOnlyList<SendMessageRequest>, IReadOnlyList<SendOutcome>> Send { get; set; } =
        messages => [.. messages.Select((_, index) => new SendOutcome(new SendMessageResult($"msg-{index}", null), null))];

    public IReadOnlyList<ReceivedMessage> Received { get; set; } = [];

    /// <summary>Per-entry outcomes of deletes and visibility changes; by default all succeed.</summary>
    public Func<int, IReadOnlyList<QueueError?>> EntryOutcomes { get; set; } = count => new QueueError?[count];

    public IReadOnlyList<MessageMoveTask> MoveTasks { get; set; } = [];

    public static QueueDescription Describe(string name) =>
        new(name, $"arn:aws:sqs:us-east-1:000000000000:{name}", name.EndsWith(".fifo", StringComparison.Ordinal), DateTimeOffset.UnixEpoch);

    public Task<QueueDescription> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(CreateQueueAsync), request.Name, request, () => Describe(request.Name)));

    public Task<QueueDescription> GetQueueAsync(string queueName, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(GetQueueAsync), queueName, null, () => Describe(queueName)));

    public Task DeleteQueueAsync(string queueName, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(DeleteQueueAsync), queueName, null, () => true));

    public Task<QueuePage> ListQueuesAsync(string? namePrefix, int? maxResults, string? nextToken, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(ListQueuesAsync), null, (namePrefix, maxResults, nextToken), () => Page));

    public Task<QueuePage> ListDeadLetterSourceQueuesAsync(string queueName, int? maxResults, string? nextToken, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(ListDeadLetterSourceQueuesAsync), queueName, (maxResults, nextToken), () => Page));

    public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(
        string queueName, IReadOnlyCollection<string> attributeNames, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(GetQueueAttributesAsync), queueName, attributeNames.ToList(), () => Attributes));

    public Task SetQueueAttributesAsync(string queueName, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(SetQueueAttributesAsync), queueName, attributes, () => true));

    public Task<IReadOnlyDictionary<string, string>> ListQueueTagsAsync(string queueName, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(ListQueueTagsAsync), queueName, null, () => Tags));

    public Task TagQueueAsync(string queueName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(TagQueueAsync), queueName, tags, () => true));

    public Task UntagQueueAsync(string queueName, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(UntagQueueAsync), queueName, tagKeys.ToList(), () => true));

    public Task AddPermissionAsync(
        string queueName, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actions, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(AddPermissionAsync), queueName, (label, string.Join(",", accountIds), string.Join(",", actions)), () => true));

    public Task RemovePermissionAsync(string queueName, string label, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(RemovePermissionAsync), queueName, label, () => true));

    public Task PurgeQueueAsync(string queueName, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(PurgeQueueAsync), queueName, null, () => true));

    public ValueTask<IReadOnlyList<SendOutcome>> SendMessagesAsync(
        string queueName, IReadOnlyList<SendMessageRequest> messages, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Record(nameof(SendMessagesAsync), queueName, messages, () => Send(messages)));

    public ValueTask<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(
        string queueName, ReceiveMessagesRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Record(nameof(ReceiveMessagesAsync), queueName, request, () => Received));

    public ValueTask<IReadOnlyList<QueueError?>> DeleteMessagesAsync(
        string queueName, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Record(nameof(DeleteMessagesAsync), queueName, receiptHandles, () => EntryOutcomes(receiptHandles.Count)));

    public ValueTask<IReadOnlyList<QueueError?>> ChangeMessageVisibilityAsync(
        string queueName, IReadOnlyList<VisibilityChange> changes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Record(nameof(ChangeMessageVisibilityAsync), queueName, changes, () => EntryOutcomes(changes.Count)));

    public Task<string> StartMessageMoveTaskAsync(
        string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(StartMessageMoveTaskAsync), sourceArn, (destinationArn, maxNumberOfMessagesPerSecond), () => "task-1"));

    public Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(ListMessageMoveTasksAsync), sourceArn, maxResults, () => MoveTasks));

    public Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken) =>
        Task.FromResult(Record(nameof(CancelMessageMoveTaskAsync), taskHandle, null, () => 42L));

    /// <summary>The single call made, or a failure naming every call when there were more or fewer.</summary>
    public RecordedCall SingleCall()
    {
        var calls = Calls;
        Assert.True(calls.Count == 1, $"expected one engine call, got: {string.Join(", ", calls.Select(call => call.Method))}");
        return calls[0];
    }

    private T Record<T>(string method, string? queue, object? argument, Func<T> answer)
    {
        lock (_calls)
        {
            _calls.Add(new RecordedCall(method, queue, argument));
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return answer();
    }
}

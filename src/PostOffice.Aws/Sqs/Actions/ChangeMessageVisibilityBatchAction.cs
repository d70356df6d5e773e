using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>
/// ChangeMessageVisibilityBatch: QueueUrl, Entries of Id, ReceiptHandle and VisibilityTimeout → Successful and
/// Failed. The model leaves an entry's VisibilityTimeout optional but gives no default; a missing one is refused
/// (MissingParameter) rather than guessed, since 0 would make the message visible at once.
/// </summary>
internal sealed class ChangeMessageVisibilityBatchAction(IQueueService queues) : SqsAction(queues)
{
    private const string EntryName = "ChangeMessageVisibilityBatchRequestEntry";
    private static readonly AwsMember Entries = new("Entries", EntryName);
    private static readonly AwsMember Successful = new("Successful", "ChangeMessageVisibilityBatchResultEntry");

    public override string Name => "ChangeMessageVisibilityBatch";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var entries = request.Input.GetStructureList(Entries);
        var ids = SqsBatch.ValidateEntries(entries, EntryName);
        var changes = entries
            .Select(entry => new VisibilityChange(entry.RequireString(SqsMembers.ReceiptHandle), entry.RequireInt32(SqsMembers.VisibilityTimeout)))
            .ToArray();
        var outcomes = await Queues.ChangeMessageVisibilityAsync(queueName, changes, cancellationToken);
        SqsBatch.WriteOutcomes(output, Successful, ids, outcomes);
    }
}

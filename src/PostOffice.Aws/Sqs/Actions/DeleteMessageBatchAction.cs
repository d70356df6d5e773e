using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>DeleteMessageBatch: QueueUrl, Entries of Id and ReceiptHandle → Successful and Failed per entry.</summary>
internal sealed class DeleteMessageBatchAction(IQueueService queues) : SqsAction(queues)
{
    private const string EntryName = "DeleteMessageBatchRequestEntry";
    private static readonly AwsMember Entries = new("Entries", EntryName);
    private static readonly AwsMember Successful = new("Successful", "DeleteMessageBatchResultEntry");

    public override string Name => "DeleteMessageBatch";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var entries = request.Input.GetStructureList(Entries);
        var ids = SqsBatch.ValidateEntries(entries, EntryName);
        var receiptHandles = entries.Select(entry => entry.RequireString(SqsMembers.ReceiptHandle)).ToArray();
        var outcomes = await Queues.DeleteMessagesAsync(queueName, receiptHandles, cancellationToken);
        SqsBatch.WriteOutcomes(output, Successful, ids, outcomes);
    }
}

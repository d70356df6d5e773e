using System.Globalization;
using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>SendMessageBatch: QueueUrl, Entries (1-10, ≤ 1 MiB together) → Successful and Failed per entry.</summary>
internal sealed class SendMessageBatchAction(IQueueService queues) : SqsAction(queues)
{
    private const string EntryName = "SendMessageBatchRequestEntry";
    private static readonly AwsMember Entries = new("Entries", EntryName);
    private static readonly AwsMember Successful = new("Successful", "SendMessageBatchResultEntry");

    public override string Name => "SendMessageBatch";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var entries = request.Input.GetStructureList(Entries);
        var ids = SqsBatch.ValidateEntries(entries, EntryName);
        var messages = SendMessageCodec.ReadBatch(entries, request.SenderId);
        long payload = 0;
        foreach (var message in messages)
        {
            payload += SendMessageCodec.PayloadBytes(message);
        }

        if (payload > SqsBatch.MaxPayloadBytes)
        {
            throw new QueueException(
                QueueErrorCode.BatchRequestTooLong,
                string.Create(CultureInfo.InvariantCulture, $"Batch requests cannot be longer than {SqsBatch.MaxPayloadBytes} bytes. You have sent {payload} bytes."));
        }

        var outcomes = await Queues.SendMessagesAsync(queueName, messages, cancellationToken);
        var failed = new List<(string, QueueError)>();
        output.WriteStartStructureList(Successful);
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Error is { } error)
            {
                failed.Add((ids[i], error));
                continue;
            }

            output.WriteStartStructure();
            output.WriteString(SqsMembers.Id, ids[i]);
            SendMessageCodec.WriteResult(output, messages[i], outcomes[i].Result!);
            output.WriteEndStructure();
        }

        output.WriteEndStructureList();
        SqsBatch.WriteFailed(output, failed);
    }
}

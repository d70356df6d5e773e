using System.Globalization;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// The shape rules of the batch actions, which the edge enforces before the engine sees a batch, and the
/// <c>Failed</c> list of their results.
/// </summary>
internal static class SqsBatch
{
    public const int MaxEntries = 10;

    /// <summary>SendMessageBatch: the bodies and attributes of all entries together.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    private const int MaxIdLength = 80;

    /// <summary>
    /// Checks, in AWS's order: at least one entry, at most ten, every Id present and of the form
    /// <c>^[A-Za-z0-9_-]{1,80}$</c>, no Id twice. Returns the Ids in entry order.
    /// </summary>
    /// <param name="entryName">The query name of an entry, for messages: <c>SendMessageBatchRequestEntry</c>.</param>
    public static string[] ValidateEntries(IReadOnlyList<IAwsInput> entries, string entryName)
    {
        if (entries.Count == 0)
        {
            throw new QueueException(QueueErrorCode.EmptyBatchRequest, $"There should be at least one {entryName} in the request.");
        }

        if (entries.Count > MaxEntries)
        {
            throw new QueueException(
                QueueErrorCode.TooManyEntriesInBatchRequest,
                string.Create(CultureInfo.InvariantCulture, $"Maximum number of entries per request are {MaxEntries}. You have sent {entries.Count}."));
        }

        var ids = new string[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var id = entries[i].RequireString(SqsMembers.Id);
            if (!IsValidId(id))
            {
                throw new QueueException(
                    QueueErrorCode.InvalidBatchEntryId,
                    "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
            }

            if (Array.IndexOf(ids, id, 0, i) >= 0)
            {
                throw new QueueException(QueueErrorCode.BatchEntryIdsNotDistinct, $"Id {id} repeated.");
            }

            ids[i] = id;
        }

        return ids;
    }

    public static bool IsValidId(string id)
    {
        if (id.Length is 0 or > MaxIdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes the results of a batch whose successes carry only their Id (DeleteMessageBatch, ChangeMessageVisibilityBatch).</summary>
    public static void WriteOutcomes(IAwsOutput output, AwsMember successful, string[] ids, IReadOnlyList<QueueError?> outcomes)
    {
        var failed = new List<(string, QueueError)>();
        output.WriteStartStructureList(successful);
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i] is { } error)
            {
                failed.Add((ids[i], error));
                continue;
            }

            output.WriteStartStructure();
            output.WriteString(SqsMembers.Id, ids[i]);
            output.WriteEndStructure();
        }

        output.WriteEndStructureList();
        WriteFailed(output, failed);
    }

    /// <summary>
    /// Writes <c>Failed</c>: Id, SenderFault, Code, Message. The code is the query code of the catalog
    /// (<c>ReceiptHandleIsInvalid</c>, <c>AWS.SimpleQueueService.MessageNotInflight</c>), the one clients know from
    /// both protocols.
    /// </summary>
    public static void WriteFailed(IAwsOutput output, IReadOnlyList<(string Id, QueueError Error)> failed)
    {
        output.WriteStartStructureList(SqsMembers.Failed);
        foreach (var (id, error) in failed)
        {
            output.WriteStartStructure();
            output.WriteString(SqsMembers.Id, id);
            output.WriteBoolean(SqsMembers.SenderFault, error.SenderFault);
            output.WriteString(SqsMembers.Code, SqsService.Catalog.Find(error.Code.ToString()).QueryCode);
            output.WriteString(SqsMembers.Message, error.Message);
            output.WriteEndStructure();
        }

        output.WriteEndStructureList();
    }
}

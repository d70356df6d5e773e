using System.Text;
using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>
/// PublishBatch: TopicArn, PublishBatchRequestEntries (1-10, distinct ids, 256 KiB in all) → Successful, Failed
/// (https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html).
/// </summary>
internal sealed class PublishBatchAction(ITopicService topics) : SnsAction(topics)
{
    private const int MaxEntries = 10;
    private static readonly AwsMember Successful = new("Successful");
    private static readonly AwsMember Failed = new("Failed");

    public override string Name => "PublishBatch";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var topicArn = Require(input, SnsMembers.TopicArn);
        var entries = input.GetStructureList(SnsMembers.PublishBatchRequestEntries);
        if (entries.Count == 0)
        {
            throw new AwsProtocolException(nameof(TopicErrorCode.EmptyBatchRequest), "The batch request doesn't contain any entries.");
        }

        if (entries.Count > MaxEntries)
        {
            throw new AwsProtocolException(nameof(TopicErrorCode.TooManyEntriesInBatchRequest), $"The batch request contains more entries than permissible (more than {MaxEntries}).");
        }

        var ids = new List<string>(entries.Count);
        var requests = new List<PublishRequest>(entries.Count);
        var size = 0;
        foreach (var entry in entries)
        {
            var id = Require(entry, SnsMembers.Id);
            if (id.Length is 0 or > 80 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            {
                throw new AwsProtocolException(nameof(TopicErrorCode.InvalidBatchEntryId), "The Id of a batch entry in a batch request doesn't abide by the specification.");
            }

            if (ids.Contains(id))
            {
                throw new AwsProtocolException(nameof(TopicErrorCode.BatchEntryIdsNotDistinct), "Two or more batch entries in the request have the same Id.");
            }

            ids.Add(id);
            var publish = PublishCodec.Decode(entry, request);
            size += Encoding.UTF8.GetByteCount(publish.Message);
            requests.Add(publish);
        }

        if (size > TopicEngine.MaxMessageBytes)
        {
            throw new AwsProtocolException(nameof(TopicErrorCode.BatchRequestTooLong), "The length of all the batch messages put together is more than the limit.");
        }

        var outcomes = await Topics.PublishBatchAsync(topicArn, requests, cancellationToken);
        var succeeded = Enumerable.Range(0, outcomes.Count).Where(i => outcomes[i].Result is not null).ToList();
        var failed = Enumerable.Range(0, outcomes.Count).Where(i => outcomes[i].Error is not null).ToList();
        SnsOutput.WriteStructureList(output, Successful.JsonName, succeeded, (o, i) =>
        {
            o.WriteString(SnsMembers.Id, ids[i]);
            o.WriteString(SnsMembers.MessageId, outcomes[i].Result!.MessageId);
            o.WriteString(SnsMembers.SequenceNumber, outcomes[i].Result!.SequenceNumber);
        });
        SnsOutput.WriteStructureList(output, Failed.JsonName, failed, (o, i) =>
        {
            var error = outcomes[i].Error!;
            var definition = SnsService.Catalog.Find(error.Code.ToString());
            o.WriteString(SnsMembers.Id, ids[i]);
            o.WriteString(SnsMembers.Code, definition.QueryCode);
            o.WriteString(SnsMembers.Message, error.Message);
            o.WriteBoolean(SnsMembers.SenderFault, definition.SenderFault);
        });
    }
}

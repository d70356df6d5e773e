using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

public sealed partial class QueueEngine
{
    public async ValueTask<IReadOnlyList<SendOutcome>> SendMessagesAsync(string queueName, IReadOnlyList<SendMessageRequest> messages, CancellationToken cancellationToken)
    {
        var queue = Find(queueName);
        var outcomes = new SendOutcome[messages.Count];
        var records = new List<LogRecord>(messages.Count);
        var accepted = new List<(QueuedMessage Message, byte[] Payload, string? DeduplicationKey)>(messages.Count);
        var positions = new List<LogPosition>(messages.Count);
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            lock (queue.Gate)
            {
                if (queue.Deleted)
                {
                    throw new QueueException(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");
                }

                var now = NowMilliseconds;
                var settings = queue.Settings;
                HashSet<string>? batchKeys = null;
                for (var i = 0; i < messages.Count; i++)
                {
                    var request = messages[i];
                    if (MessageValidation.Validate(request, settings, out _) is { } error)
                    {
                        outcomes[i] = new SendOutcome(null, error);
                        continue;
                    }

                    var deduplicationId = request.MessageDeduplicationId ?? (settings.IsFifo ? ContentHash(request.Body) : null);
                    string? key = null;
                    if (settings.IsFifo)
                    {
                        key = DeduplicationTable.Key(request.MessageGroupId, deduplicationId!, settings.DeduplicationPerGroup);
                        if (queue.Deduplication.TryGet(key, now, out var original))
                        {
                            outcomes[i] = new SendOutcome(new SendMessageResult(original.MessageId.ToString(), SequenceNumber(original.Seq)), null);
                            continue;
                        }

                        if (!(batchKeys ??= new HashSet<string>(StringComparer.Ordinal)).Add(key))
                        {
                            var first = accepted.First(a => a.DeduplicationKey == key).Message;
                            outcomes[i] = new SendOutcome(new SendMessageResult(first.MessageId.ToString(), SequenceNumber(first.Seq)), null);
                            continue;
                        }
                    }

                    var message = new QueuedMessage
                    {
                        Seq = queue.NextSeq + accepted.Count,
                        MessageId = Guid.NewGuid(),
                        SentTimestamp = now,
                        GroupId = request.MessageGroupId,
                        DeduplicationId = deduplicationId,
                        VisibleAt = now + ((request.DelaySeconds ?? settings.DelaySeconds) * 1000L),
                    };
                    var trace = request.MessageSystemAttributes.TryGetValue("AWSTraceHeader", out var header) ? header.StringValue : null;
                    var payload = QueueRecords.EncodeEnqueue(message, new MessageContent(request.Body, request.MessageAttributes, request.SenderId, trace, null));
                    records.Add(new LogRecord(QueueRecordKind.Enqueue, queue.Id, payload, Retained: true));
                    accepted.Add((message, payload, key));
                    outcomes[i] = new SendOutcome(new SendMessageResult(message.MessageId.ToString(), settings.IsFifo ? SequenceNumber(message.Seq) : null), null);
                }

                // Append first: if the log refuses, memory is left as it was.
                commit = AppendLocked(records, positions);
                queue.NextSeq += accepted.Count;
                for (var i = 0; i < accepted.Count; i++)
                {
                    var (message, payload, key) = accepted[i];
                    message.Position = positions[i];
                    message.Payload = queue.Store.ResidentBytes + payload.Length <= _options.ResidentBodyBytesPerQueue ? payload : null;
                    queue.Store.Add(message, now);
                    if (key is not null)
                    {
                        queue.Deduplication.Add(key, new DeduplicationEntry(message.MessageId, message.Seq, now + (long)_options.DeduplicationWindow.TotalMilliseconds));
                    }
                }

                if (accepted.Count > 0)
                {
                    queue.SignalMessages();
                }
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>FIFO sequence numbers: increasing per queue, as a 20-digit string like AWS's.</summary>
    private static string SequenceNumber(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Content-based deduplication: the SHA-256 of the body (AWS: "not the attributes").</summary>
    private static string ContentHash(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}

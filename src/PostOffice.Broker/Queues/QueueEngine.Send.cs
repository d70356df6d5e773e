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
        var now = NowMilliseconds;
        var settings = queue.Settings;

        // Validation, hashing and encoding happen before the queue's lock; under it only what orders messages:
        // deduplication, sequence numbers (patched into the encoded records), the append and the in-memory insert.
        var candidates = new List<(int Index, QueuedMessage Message, byte[] Payload, string? DeduplicationKey)>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var request = messages[i];
            if (MessageValidation.Validate(request, settings, out _) is { } error)
            {
                outcomes[i] = new SendOutcome(null, error);
                continue;
            }

            var deduplicationId = request.MessageDeduplicationId ?? (settings.IsFifo ? ContentHash(request.Body) : null);
            var message = new QueuedMessage
            {
                MessageId = Guid.NewGuid(),
                SentTimestamp = now,
                GroupId = request.MessageGroupId,
                DeduplicationId = deduplicationId,
                VisibleAt = now + ((request.DelaySeconds ?? settings.DelaySeconds) * 1000L),
            };
            var trace = request.MessageSystemAttributes.TryGetValue("AWSTraceHeader", out var header) ? header.StringValue : null;
            var payload = QueueRecords.EncodeEnqueue(message, new MessageContent(request.Body, request.MessageAttributes, request.SenderId, trace, null));
            var key = settings.IsFifo ? DeduplicationTable.Key(request.MessageGroupId, deduplicationId!, settings.DeduplicationPerGroup) : null;
            candidates.Add((i, message, payload, key));
        }

        var records = new List<LogRecord>(candidates.Count);
        var accepted = new List<(QueuedMessage Message, byte[] Payload, string? DeduplicationKey)>(candidates.Count);
        var positions = new List<LogPosition>(candidates.Count);
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

                foreach (var (index, message, payload, key) in candidates)
                {
                    if (key is not null)
                    {
                        if (queue.Deduplication.TryGet(key, now, out var original))
                        {
                            outcomes[index] = new SendOutcome(new SendMessageResult(original.MessageId.ToString(), SequenceNumber(original.Seq)), null);
                            continue;
                        }

                        if (accepted.FindIndex(a => a.DeduplicationKey == key) is >= 0 and var first)
                        {
                            var earlier = accepted[first].Message;
                            outcomes[index] = new SendOutcome(new SendMessageResult(earlier.MessageId.ToString(), SequenceNumber(earlier.Seq)), null);
                            continue;
                        }
                    }

                    message.Seq = queue.NextSeq + accepted.Count;
                    QueueRecords.PatchSeq(payload, message.Seq);
                    records.Add(new LogRecord(QueueRecordKind.Enqueue, queue.Id, payload, Retained: true));
                    accepted.Add((message, payload, key));
                    outcomes[index] = new SendOutcome(new SendMessageResult(message.MessageId.ToString(), settings.IsFifo ? SequenceNumber(message.Seq) : null), null);
                }

                // Append first: if the log refuses, memory is left as it was.
                commit = AppendLocked(records, positions);
                queue.NextSeq += accepted.Count;
                for (var i = 0; i < accepted.Count; i++)
                {
                    var (message, payload, key) = accepted[i];
                    message.Position = positions[i];
                    message.Payload = payload;
                    queue.Store.Add(message, now, _options.ResidentBodyBytesPerQueue);
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

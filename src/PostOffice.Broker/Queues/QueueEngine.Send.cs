using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
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
        // The scratch lists are the thread's own and are done with before the first await.
        var scratch = SendScratch.ForThread();
        var candidates = scratch.Candidates;
        var records = scratch.Records;
        var accepted = scratch.Accepted;
        ValueTask commit;
        try
        {
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
                    MessageId = RandomIds.NewGuid(),
                    SentTimestamp = now,
                    GroupId = request.MessageGroupId,
                    DeduplicationId = deduplicationId,
                    VisibleAt = now + ((request.DelaySeconds ?? settings.DelaySeconds) * 1000L),
                };
                var trace = request.MessageSystemAttributes.Count > 0 && request.MessageSystemAttributes.TryGetValue("AWSTraceHeader", out var header) ? header.StringValue : null;
                var key = settings.IsFifo ? DeduplicationTable.Key(request.MessageGroupId, deduplicationId!, settings.DeduplicationPerGroup) : null;
                var payload = QueueRecords.EncodeEnqueuePooled(message, new MessageContent(request.Body, request.MessageAttributes, request.SenderId, trace, null, request.BodyMd5), out var length);
                candidates.Add(new SendCandidate(i, message, payload, length, key));
            }

            var positions = scratch.Positions(candidates.Count);
            _stateLock.EnterReadLock();
            try
            {
                lock (queue.Gate)
                {
                    if (queue.Deleted)
                    {
                        throw new QueueException(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");
                    }

                    foreach (var candidate in candidates)
                    {
                        if (candidate.DeduplicationKey is { } key)
                        {
                            if (queue.Deduplication.TryGet(key, now, out var original))
                            {
                                outcomes[candidate.Index] = new SendOutcome(new SendMessageResult(original.MessageId.ToString(), SequenceNumber(original.Seq)), null);
                                continue;
                            }

                            if (accepted.FindIndex(a => a.DeduplicationKey == key) is >= 0 and var first)
                            {
                                var earlier = accepted[first].Message;
                                outcomes[candidate.Index] = new SendOutcome(new SendMessageResult(earlier.MessageId.ToString(), SequenceNumber(earlier.Seq)), null);
                                continue;
                            }
                        }

                        candidate.Message.Seq = queue.NextSeq + accepted.Count;
                        QueueRecords.PatchSeq(candidate.Payload, candidate.Message.Seq);
                        records.Add(new LogRecord(QueueRecordKind.Enqueue, queue.Id, candidate.Payload.AsMemory(0, candidate.Length), Retained: true));
                        accepted.Add(candidate);
                    }

                    // Append first: if the log refuses, memory is left as it was. The log and the store copy the
                    // encoded records, so their pooled buffers go back once both are done.
                    commit = AppendLocked(CollectionsMarshal.AsSpan(records), positions);
                    queue.NextSeq += accepted.Count;
                    for (var i = 0; i < accepted.Count; i++)
                    {
                        var (_, message, payload, length, key) = accepted[i];
                        message.Position = positions[i];
                        queue.Store.Add(message, now, _options.ResidentBodyBytesPerQueue, payload.AsSpan(0, length));
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

            foreach (var (index, message, _, _, _) in accepted)
            {
                outcomes[index] = new SendOutcome(new SendMessageResult(message.MessageId.ToString(), settings.IsFifo ? SequenceNumber(message.Seq) : null), null);
            }
        }
        finally
        {
            scratch.Clear();
        }

        await commit.ConfigureAwait(false);
        return outcomes;
    }

    private readonly record struct SendCandidate(int Index, QueuedMessage Message, byte[] Payload, int Length, string? DeduplicationKey);

    /// <summary>
    /// Per-thread lists a send fills and empties before its first await, so a send allocates no lists of its own.
    /// A send never runs inside another on the same thread (nothing it calls under them sends), so one set suffices.
    /// </summary>
    private sealed class SendScratch
    {
        [ThreadStatic]
        private static SendScratch? _current;

        private LogPosition[] _positions = new LogPosition[16];

        public List<SendCandidate> Candidates { get; } = new(16);

        public List<LogRecord> Records { get; } = new(16);

        public List<SendCandidate> Accepted { get; } = new(16);

        public static SendScratch ForThread() => _current ??= new SendScratch();

        public Span<LogPosition> Positions(int count)
        {
            if (_positions.Length < count)
            {
                _positions = new LogPosition[count];
            }

            return _positions.AsSpan(0, count);
        }

        /// <summary>Returns the pooled payloads and drops the references so the thread does not keep them alive.</summary>
        public void Clear()
        {
            foreach (var candidate in Candidates)
            {
                ArrayPool<byte>.Shared.Return(candidate.Payload);
            }

            Candidates.Clear();
            Records.Clear();
            Accepted.Clear();
        }
    }

    /// <summary>FIFO sequence numbers: increasing per queue, as a 20-digit string like AWS's.</summary>
    private static string SequenceNumber(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);

    /// <summary>Content-based deduplication: the SHA-256 of the body (AWS: "not the attributes").</summary>
    private static string ContentHash(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
}

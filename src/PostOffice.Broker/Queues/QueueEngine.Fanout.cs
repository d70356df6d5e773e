using System.Runtime.InteropServices;
using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

/// <summary>One message a topic delivers into a queue, named by the queue's ARN.</summary>
public sealed record FanoutEnqueue(string QueueArn, SendMessageRequest Message);

/// <summary>
/// The outcome of a fan-out: per enqueue, the error that kept it out (null: stored, or dropped as a FIFO duplicate),
/// the positions of the caller's extra records, and the commit to await once every lock is released.
/// </summary>
public sealed record FanoutResult(IReadOnlyList<QueueError?> Errors, IReadOnlyList<LogPosition> ExtraPositions, ValueTask Commit);

public sealed partial class QueueEngine
{
    /// <summary>
    /// Appends enqueues into several queues plus the caller's <paramref name="extraRecords"/> as one chunk (ARCH §2:
    /// a publish is all-or-nothing) and applies the enqueues. The caller applies its own records with the returned
    /// positions while still holding its own state lock, then awaits <see cref="FanoutResult.Commit"/> outside it.
    /// </summary>
    /// <remarks>
    /// Queue gates are taken in ascending queue id order and held together until the chunk is appended (docs/locking.md:
    /// the only place two gates are held at once), so each queue's log order is its state order. A queue that does not
    /// exist, or a message it refuses, is reported per entry and leaves the others unaffected.
    /// </remarks>
    public FanoutResult FanOut(IReadOnlyList<FanoutEnqueue> enqueues, IReadOnlyList<LogRecord> extraRecords)
    {
        ArgumentNullException.ThrowIfNull(enqueues);
        ArgumentNullException.ThrowIfNull(extraRecords);
        var now = NowMilliseconds;
        var errors = new QueueError?[enqueues.Count];
        var prepared = new List<(int Index, Queue Queue, QueuedMessage Message, byte[] Payload, string? DeduplicationKey)>(enqueues.Count);
        for (var i = 0; i < enqueues.Count; i++)
        {
            var (arn, request) = enqueues[i];
            if (QueueNames.NameFromArn(arn) is not { } name || !_byName.TryGetValue(name, out var queue) || queue.Deleted || queue.Arn != arn)
            {
                errors[i] = new QueueError(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");
                continue;
            }

            var settings = queue.Settings;
            if (MessageValidation.Validate(request, settings, out _) is { } error)
            {
                errors[i] = error;
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
            var payload = QueueRecords.EncodeEnqueue(message, new MessageContent(request.Body, request.MessageAttributes, request.SenderId, null, null, request.BodyMd5));
            var key = settings.IsFifo ? DeduplicationTable.Key(request.MessageGroupId, deduplicationId!, settings.DeduplicationPerGroup) : null;
            prepared.Add((i, queue, message, payload, key));
        }

        prepared.Sort((a, b) => a.Queue.Id != b.Queue.Id ? a.Queue.Id.CompareTo(b.Queue.Id) : a.Index.CompareTo(b.Index));
        var records = new List<LogRecord>(prepared.Count + extraRecords.Count);
        var accepted = new List<(Queue Queue, QueuedMessage Message, byte[] Payload, string? DeduplicationKey)>(prepared.Count);
        var locked = new List<Queue>();
        ValueTask commit;
        var extraPositions = new LogPosition[extraRecords.Count];
        _stateLock.EnterReadLock();
        try
        {
            foreach (var (index, queue, message, payload, key) in prepared)
            {
                if (locked.Count == 0 || locked[^1] != queue)
                {
                    Monitor.Enter(queue.Gate);
                    locked.Add(queue);
                }

                if (queue.Deleted)
                {
                    errors[index] = new QueueError(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");
                    continue;
                }

                if (key is not null && (queue.Deduplication.TryGet(key, now, out _) || accepted.Exists(a => a.Queue == queue && a.DeduplicationKey == key)))
                {
                    continue;
                }

                message.Seq = queue.NextSeq + accepted.Count(a => a.Queue == queue);
                QueueRecords.PatchSeq(payload, message.Seq);
                records.Add(new LogRecord(QueueRecordKind.Enqueue, queue.Id, payload, Retained: true));
                accepted.Add((queue, message, payload, key));
            }

            records.AddRange(extraRecords);
            if (records.Count == 0)
            {
                return new FanoutResult(errors, extraPositions, ValueTask.CompletedTask);
            }

            // Append first: if the log refuses, memory is left as it was.
            var positions = new LogPosition[records.Count];
            commit = Log.AppendAndWaitForCommitAsync(CollectionsMarshal.AsSpan(records), positions);
            Array.Copy(positions, accepted.Count, extraPositions, 0, extraPositions.Length);
            for (var i = 0; i < accepted.Count; i++)
            {
                var (queue, message, payload, key) = accepted[i];
                queue.NextSeq++;
                message.Position = positions[i];
                queue.Store.Add(message, now, _options.ResidentBodyBytesPerQueue, payload);
                if (key is not null)
                {
                    queue.Deduplication.Add(key, new DeduplicationEntry(message.MessageId, message.Seq, now + (long)_options.DeduplicationWindow.TotalMilliseconds));
                }

                queue.SignalMessages();
            }
        }
        finally
        {
            for (var i = locked.Count - 1; i >= 0; i--)
            {
                Monitor.Exit(locked[i].Gate);
            }

            _stateLock.ExitReadLock();
        }

        return new FanoutResult(errors, extraPositions, commit);
    }

    /// <summary>The ARN and FIFO flag of a queue, for subscription checks; null when it does not exist.</summary>
    public QueueDescription? FindQueueByArn(string arn) =>
        QueueNames.NameFromArn(arn) is { } name && _byName.TryGetValue(name, out var queue) && !queue.Deleted && queue.Arn == arn ? queue.Describe() : null;
}

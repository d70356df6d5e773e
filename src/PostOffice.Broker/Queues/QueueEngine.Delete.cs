using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

public sealed partial class QueueEngine
{
    private const long MaximumInFlightMilliseconds = 12 * 60 * 60 * 1000;

    public async ValueTask<IReadOnlyList<QueueError?>> DeleteMessagesAsync(string queueName, IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        var queue = Find(queueName);
        var outcomes = new QueueError?[receiptHandles.Count];
        var deleted = new List<LogPosition>();
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            lock (queue.Gate)
            {
                var records = new List<LogRecord>();
                for (var i = 0; i < receiptHandles.Count; i++)
                {
                    if (!TryResolve(queue, receiptHandles[i], out var slot, out var error))
                    {
                        outcomes[i] = error;
                        continue;
                    }

                    if (slot < 0)
                    {
                        continue; // already deleted: deleting again succeeds, as in AWS
                    }

                    var seq = queue.Store[slot].Seq;
                    deleted.Add(queue.Store.Remove(slot));
                    records.Add(new LogRecord(QueueRecordKind.Delete, queue.Id, QueueRecords.EncodeSeq(seq)));
                }

                commit = AppendLocked(records);
                if (queue.IsFifo && deleted.Count > 0)
                {
                    queue.SignalMessages(); // a deleted head may unblock its group
                }
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
        Release(deleted);
        return outcomes;
    }

    public async ValueTask<IReadOnlyList<QueueError?>> ChangeMessageVisibilityAsync(string queueName, IReadOnlyList<VisibilityChange> changes, CancellationToken cancellationToken)
    {
        var queue = Find(queueName);
        var outcomes = new QueueError?[changes.Count];
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            lock (queue.Gate)
            {
                var now = NowMilliseconds;
                var records = new List<LogRecord>();
                var madeVisible = false;
                for (var i = 0; i < changes.Count; i++)
                {
                    var (handle, timeout) = changes[i];
                    if (timeout is < 0 or > 43200)
                    {
                        outcomes[i] = new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200, if provided.");
                        continue;
                    }

                    if (!TryResolve(queue, handle, out var slot, out var error) || slot < 0)
                    {
                        outcomes[i] = error ?? new QueueError(QueueErrorCode.ReceiptHandleIsInvalid, $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
                        continue;
                    }

                    queue.Store.PromoteDue(now);
                    ref readonly var message = ref queue.Store[slot];
                    if (message.State != MessageState.InFlight)
                    {
                        outcomes[i] = new QueueError(QueueErrorCode.MessageNotInflight, "Message does not exist or is not available for visibility timeout change.");
                        continue;
                    }

                    var visibleAt = now + (timeout * 1000L);
                    if (visibleAt > message.ReceivedAt + MaximumInFlightMilliseconds)
                    {
                        outcomes[i] = new QueueError(QueueErrorCode.InvalidParameterValue, $"Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
                        continue;
                    }

                    records.Add(new LogRecord(QueueRecordKind.ChangeVisibility, queue.Id, QueueRecords.EncodeVisibility(message.Seq, visibleAt)));
                    queue.Store.ChangeVisibility(slot, now, visibleAt);
                    madeVisible |= timeout == 0;
                }

                commit = AppendLocked(records);
                if (madeVisible)
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

    public async Task PurgeQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var queue = Find(queueName);
        List<LogPosition> purged;
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            lock (queue.Gate)
            {
                var now = NowMilliseconds;
                if (queue.LastPurge != 0 && now - queue.LastPurge < _options.PurgeInterval.TotalMilliseconds)
                {
                    throw new QueueException(QueueErrorCode.PurgeQueueInProgress, $"Only one PurgeQueue operation on {queue.Name} is allowed every 60 seconds.");
                }

                var upTo = queue.NextSeq - 1;
                purged = PurgeLocked(queue, upTo);
                queue.LastPurge = now;
                commit = AppendLocked([new LogRecord(QueueRecordKind.Purge, queue.Id, QueueRecords.EncodeSeq(upTo))]);
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
        Release(purged);
        QueueLog.Purged(_logger, queueName, purged.Count);
    }

    /// <summary>Removes every message up to <paramref name="upTo"/>; returns their log positions, to release.</summary>
    private static List<LogPosition> PurgeLocked(Queue queue, long upTo)
    {
        var slots = queue.Store.Slots.Where(slot => queue.Store[slot].Seq <= upTo).ToList();
        var purged = new List<LogPosition>(slots.Count);
        foreach (var slot in slots)
        {
            purged.Add(queue.Store.Remove(slot));
        }

        return purged;
    }

    /// <summary>
    /// Finds the slot of the message a receipt handle names. A malformed handle, or one of another queue, is an error; a handle
    /// of a deleted message resolves to -1 (deleting twice succeeds); a stale handle (the message was received
    /// again since) is an error on FIFO queues and a no-op on standard ones, as AWS documents for DeleteMessage.
    /// </summary>
    private bool TryResolve(Queue queue, string handle, out int slot, out QueueError? error)
    {
        slot = -1;
        error = null;
        if (!ReceiptHandle.TryParse(_receiptKey, handle, out var queueId, out var seq, out var nonce) || queueId != queue.Id || seq >= queue.NextSeq || nonce > queue.Nonce)
        {
            error = new QueueError(QueueErrorCode.ReceiptHandleIsInvalid, $"The input receipt handle \"{handle}\" is not a valid receipt handle.");
            return false;
        }

        if (!queue.Store.TryGet(seq, out var found))
        {
            return true;
        }

        if (queue.Store[found].ReceiptNonce != nonce)
        {
            if (queue.IsFifo)
            {
                error = new QueueError(QueueErrorCode.ReceiptHandleIsInvalid, "The receipt handle has expired.");
                return false;
            }

            return true;
        }

        slot = found;
        return true;
    }
}

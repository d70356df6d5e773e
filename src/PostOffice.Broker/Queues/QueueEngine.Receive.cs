using System.Buffers;
using System.Runtime.InteropServices;
using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

public sealed partial class QueueEngine
{
    public async ValueTask<IReadOnlyList<ReceivedMessage>> ReceiveMessagesAsync(string queueName, ReceiveMessagesRequest request, CancellationToken cancellationToken)
    {
        if (request.MaxNumberOfMessages is < 1 or > 10)
        {
            throw InvalidParameter("MaxNumberOfMessages", request.MaxNumberOfMessages, "Must be between 1 and 10, if provided.");
        }

        if (request.VisibilityTimeout is < 0 or > 43200)
        {
            throw InvalidParameter("VisibilityTimeout", request.VisibilityTimeout, "Must be between 0 and 43200, if provided.");
        }

        if (request.WaitTimeSeconds is < 0 or > 20)
        {
            throw InvalidParameter("WaitTimeSeconds", request.WaitTimeSeconds, "Must be >= 0 and <= 20, if provided.");
        }

        var queue = Find(queueName);
        var now = NowMilliseconds;
        var deadline = now + ((request.WaitTimeSeconds ?? queue.Settings.ReceiveMessageWaitTimeSeconds) * 1000L);
        while (true)
        {
            var (taken, wakeUp, nextDue) = TryReceive(queue, request, now);
            if (taken.Count > 0 || now >= deadline)
            {
                return await MaterializeAsync(queue, taken, cancellationToken).ConfigureAwait(false);
            }

            // Long poll: wake on a send (or anything else that frees messages), when a delayed or in-flight message
            // is due, or at the deadline, whichever comes first.
            var wakeAt = Math.Min(deadline, nextDue ?? deadline);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(TimeSpan.FromMilliseconds(Math.Max(1, wakeAt - now)), _time, timer.Token);
            await Task.WhenAny(wakeUp, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            now = NowMilliseconds;
        }
    }

    /// <summary>
    /// One attempt under the queue's gate: takes messages (moving over-received ones to the dead-letter queue), or,
    /// when there are none, returns the signal to wait on, captured under the same gate so no send is missed.
    /// </summary>
    private (List<ReceivedState> Taken, Task WakeUp, long? NextDue) TryReceive(Queue queue, ReceiveMessagesRequest request, long now)
    {
        var taken = new List<ReceivedState>();
        var received = new List<int>();
        var redriven = new List<QueuedMessage>();
        var expired = new List<QueuedMessage>();
        Task wakeUp;
        long? nextDue;
        _stateLock.EnterReadLock();
        try
        {
            Queue? deadLetterQueue = null;
            lock (queue.Gate)
            {
                if (queue.Deleted)
                {
                    throw new QueueException(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");
                }

                var settings = queue.Settings;
                queue.Store.Expire(now - (settings.MessageRetentionPeriod * 1000L), expired);
                if (TryRepeatAttempt(queue, request.ReceiveRequestAttemptId, now, taken))
                {
                    return (taken, Task.CompletedTask, null);
                }

                int? maxReceiveCount = null;
                if (settings.Redrive is { } redrive && _byName.TryGetValue(redrive.DeadLetterQueue, out deadLetterQueue) && !deadLetterQueue.Deleted && deadLetterQueue != queue)
                {
                    maxReceiveCount = redrive.MaxReceiveCount;
                }

                var visibleUntil = now + ((request.VisibilityTimeout ?? settings.VisibilityTimeout) * 1000L);
                queue.Store.Receive(request.MaxNumberOfMessages, now, visibleUntil, maxReceiveCount, ref queue.Nonce, received, redriven);
                if (received.Count > 0)
                {
                    var records = new List<LogRecord>(received.Count);
                    foreach (var slot in received)
                    {
                        records.Add(new LogRecord(QueueRecordKind.Receive, queue.Id, QueueRecords.EncodeReceive(queue.Store[slot])));
                        taken.Add(ReceivedState.Of(queue.Store, slot));
                    }

                    // Receive records are not waited on nor flushed on their own (they ride with the next commit):
                    // losing one in a crash only makes a message visible early (and forgets its attempt id with it,
                    // which is then a new receive of visible messages).
                    if (RememberAttempt(queue, request.ReceiveRequestAttemptId, now, received) is { } attempt)
                    {
                        records.Add(attempt);
                    }

                    Log.AppendUnflushed(CollectionsMarshal.AsSpan(records));
                }

                wakeUp = taken.Count > 0 ? Task.CompletedTask : queue.WaitForMessages();
                nextDue = queue.Store.NextDueTime;
            }

            if (redriven.Count > 0)
            {
                MoveMessages(queue, deadLetterQueue!, redriven, now, toDeadLetterQueue: true);
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        Release(expired);
        return (taken, wakeUp, nextDue);
    }

    /// <summary>
    /// Moves messages to another queue as one chunk (delete from the source, enqueue in the destination): after a
    /// crash a message is in exactly one of the two. Moves into a dead-letter queue record where the message came
    /// from (DeadLetterQueueSourceArn); moves out of one (move tasks) clear it. Runs under the state lock, holding
    /// one queue gate at a time. <paramref name="trailer"/>, if any, joins the same chunk (a move task's progress).
    /// </summary>
    private void MoveMessages(Queue source, Queue destination, List<QueuedMessage> messages, long now, bool toDeadLetterQueue, LogRecord? trailer = null)
    {
        var contents = messages.Select(m => ReadContent(m)).ToList();
        var records = new List<LogRecord>(messages.Count * 2);
        var moved = new List<(QueuedMessage Message, byte[] Payload)>(messages.Count);
        var positions = new List<LogPosition>();
        lock (destination.Gate)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var original = messages[i];
                var message = new QueuedMessage
                {
                    Seq = destination.NextSeq + i,
                    MessageId = original.MessageId,
                    SentTimestamp = original.SentTimestamp, // AWS: the enqueue timestamp is unchanged by the move
                    GroupId = original.GroupId,
                    DeduplicationId = original.DeduplicationId,
                    VisibleAt = now,
                };
                var payload = QueueRecords.EncodeEnqueue(message, contents[i] with { DeadLetterQueueSourceArn = toDeadLetterQueue ? source.Arn : null });
                records.Add(new LogRecord(QueueRecordKind.Delete, source.Id, QueueRecords.EncodeSeq(original.Seq)));
                records.Add(new LogRecord(QueueRecordKind.Enqueue, destination.Id, payload, Retained: true));
                moved.Add((message, payload));
            }

            if (trailer is { } progress)
            {
                records.Add(progress);
            }

            _ = AppendLocked(records, positions).AsTask();
            destination.NextSeq += moved.Count;
            for (var i = 0; i < moved.Count; i++)
            {
                var (message, payload) = moved[i];
                message.Position = positions[(2 * i) + 1];
                message.Payload = payload;
                destination.Store.Add(message, now, _options.ResidentBodyBytesPerQueue);
            }

            destination.SignalMessages();
        }

        Release(messages);
    }

    private async ValueTask<IReadOnlyList<ReceivedMessage>> MaterializeAsync(Queue queue, List<ReceivedState> taken, CancellationToken cancellationToken)
    {
        if (taken.Count == 0)
        {
            return [];
        }

        var stored = ReadStoredTogether(taken);
        var result = new ReceivedMessage[taken.Count];
        for (var i = 0; i < taken.Count; i++)
        {
            var state = taken[i];
            MessageContent content;
            if (state.Payload is { } resident)
            {
                content = QueueRecords.DecodeEnqueueContent(resident.AsSpan(0, state.PayloadLength));
                ArrayPool<byte>.Shared.Return(resident);
            }
            else
            {
                var record = stored?[i] ?? await Log.ReadAsync(state.Position, cancellationToken).ConfigureAwait(false);
                content = QueueRecords.DecodeEnqueueContent(record.Payload.Span);
            }

            var system = content.TraceHeader is null
                ? SendMessageRequest.EmptyAttributes
                : new Dictionary<string, MessageAttributeValue> { ["AWSTraceHeader"] = new("String", content.TraceHeader, null) };
            result[i] = new ReceivedMessage(
                state.MessageId.ToString(),
                ReceiptHandle.Create(_receiptKey, queue.Id, state.Seq, state.Nonce),
                content.Body,
                content.Attributes,
                system,
                new MessageSystemProperties(
                    state.ReceiveCount,
                    state.SentTimestamp,
                    state.FirstReceiveTimestamp,
                    content.SenderId,
                    queue.IsFifo ? SequenceNumber(state.Seq) : null,
                    state.GroupId,
                    queue.IsFifo ? state.DeduplicationId : null,
                    content.TraceHeader,
                    content.DeadLetterQueueSourceArn),
                content.BodyMd5);
        }

        return result;
    }

    /// <summary>
    /// The log records of the taken messages whose bodies are not held in memory, read together (messages received
    /// together usually lie close in the log: one read instead of two per message); indexed like
    /// <paramref name="taken"/>. Null when there are none, or when one is not durable yet (each is then read alone).
    /// </summary>
    private StoredRecord?[]? ReadStoredTogether(List<ReceivedState> taken)
    {
        var positions = new List<LogPosition>(taken.Count);
        foreach (var state in taken)
        {
            if (state.Payload is null)
            {
                positions.Add(state.Position);
            }
        }

        if (positions.Count < 2)
        {
            return null;
        }

        var records = new StoredRecord[positions.Count];
        if (!Log.TryReadCommitted(CollectionsMarshal.AsSpan(positions), records))
        {
            return null;
        }

        var byTaken = new StoredRecord?[taken.Count];
        for (int i = 0, j = 0; i < taken.Count; i++)
        {
            if (taken[i].Payload is null)
            {
                byTaken[i] = records[j++];
            }
        }

        return byTaken;
    }

    /// <summary>Reads a message's content from memory or, synchronously, from the log (page cache).</summary>
    private MessageContent ReadContent(QueuedMessage message)
    {
        var payload = message.Payload ?? Log.ReadAsync(message.Position).AsTask().GetAwaiter().GetResult().Payload.ToArray();
        return QueueRecords.DecodeEnqueueContent(payload);
    }

    private static bool TryRepeatAttempt(Queue queue, string? attemptId, long now, List<ReceivedState> taken)
    {
        if (!queue.IsFifo || attemptId is null || !queue.ReceiveAttempts.TryGetValue(attemptId, out var attempt) || attempt.ExpiresAt <= now)
        {
            return false;
        }

        foreach (var (seq, nonce) in attempt.Messages)
        {
            if (!queue.Store.TryGet(seq, out var slot) || queue.Store[slot].ReceiptNonce != nonce || queue.Store[slot].State != MessageState.InFlight)
            {
                taken.Clear();
                return false;
            }

            taken.Add(ReceivedState.Of(queue.Store, slot));
        }

        return true;
    }

    /// <summary>Remembers a FIFO receive's attempt id for 5 minutes; returns the record that makes it durable.</summary>
    private static LogRecord? RememberAttempt(Queue queue, string? attemptId, long now, List<int> received)
    {
        if (!queue.IsFifo || attemptId is null)
        {
            return null;
        }

        foreach (var stale in queue.ReceiveAttempts.Where(a => a.Value.ExpiresAt <= now).Select(a => a.Key).ToList())
        {
            queue.ReceiveAttempts.Remove(stale);
        }

        List<(long Seq, long Nonce)> messages = [.. received.Select(slot => (queue.Store[slot].Seq, queue.Store[slot].ReceiptNonce))];
        var expiresAt = now + (5 * 60 * 1000);
        queue.ReceiveAttempts[attemptId] = (messages, expiresAt);
        return new LogRecord(QueueRecordKind.ReceiveAttempt, queue.Id, QueueRecords.EncodeReceiveAttempt(attemptId, expiresAt, messages));
    }

    /// <summary>What a receive needs of a message after the gate is released (the message may change meanwhile).</summary>
    private readonly record struct ReceivedState(
        long Seq, Guid MessageId, long Nonce, int ReceiveCount, long SentTimestamp, long FirstReceiveTimestamp,
        string? GroupId, string? DeduplicationId, byte[]? Payload, int PayloadLength, LogPosition Position)
    {
        /// <summary>
        /// Copies what a receive answers with, the resident body too (its arena space is reused once the message is
        /// deleted), into a pooled buffer that decoding returns.
        /// </summary>
        public static ReceivedState Of(MessageStore store, int slot)
        {
            ref readonly var message = ref store[slot];
            var payload = store.CopyPayloadPooled(slot, out var length);
            return new(
                message.Seq, message.MessageId, message.ReceiptNonce, message.ReceiveCount, message.SentTimestamp,
                message.FirstReceiveTimestamp, store.GroupId(slot), store.DeduplicationId(slot), payload, length, message.Position);
        }
    }
}

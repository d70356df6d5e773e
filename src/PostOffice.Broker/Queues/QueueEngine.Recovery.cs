using System.Buffers;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Broker.Queues;

/// <summary>
/// Replay and snapshots. Replay is idempotent: a record already reflected (a message already present, a sequence
/// number already passed) changes nothing, so a snapshot taken while appends go on is safe to replay over.
/// Retention counts follow the log's rules: replayed enqueue records count as retained, and every one the engine
/// does not keep is released; the snapshot's messages are re-retained.
/// </summary>
public sealed partial class QueueEngine
{
    /// <summary>2 added FIFO receive attempts per queue and the move tasks after the queues; 1 is still read.</summary>
    private const int SnapshotVersion = 2;

    public void Replay(in LogRecordView record, LogRecoveryContext context)
    {
        if (!QueueRecordKind.IsQueueRecord(record.Kind))
        {
            return;
        }

        if (!_byId.TryGetValue(record.Owner, out var queue))
        {
            if (record.Retained)
            {
                context.Release(record.Position); // a record of a deleted queue
            }

            return;
        }

        var now = NowMilliseconds;
        var payload = record.Payload;
        switch (record.Kind)
        {
            case QueueRecordKind.Enqueue:
                var message = QueueRecords.DecodeEnqueueState(payload);
                if (queue.Store.TryGet(message.Seq, out _))
                {
                    return; // reflected by the snapshot already; this record's count is the one that stands
                }

                if (message.Seq < queue.NextSeq)
                {
                    context.Release(record.Position); // deleted before the snapshot
                    return;
                }

                message.Position = record.Position;
                queue.Store.Add(message, now);
                queue.NextSeq = message.Seq + 1;
                if (queue.IsFifo && message.DeduplicationId is { } deduplicationId && message.SentTimestamp + (long)_options.DeduplicationWindow.TotalMilliseconds > now)
                {
                    queue.Deduplication.Add(
                        DeduplicationTable.Key(message.GroupId, deduplicationId, queue.Settings.DeduplicationPerGroup),
                        new DeduplicationEntry(message.MessageId, message.Seq, message.SentTimestamp + (long)_options.DeduplicationWindow.TotalMilliseconds));
                }

                break;
            case QueueRecordKind.Receive:
                var receive = QueueRecords.DecodeReceive(payload);
                if (queue.Store.TryGet(receive.Seq, out var received))
                {
                    queue.Store.RestoreInFlight(received, receive.ReceiveCount, receive.VisibleAt, receive.FirstReceive, receive.ReceivedAt, receive.Nonce);
                }

                queue.Nonce = Math.Max(queue.Nonce, receive.Nonce);
                break;
            case QueueRecordKind.Delete:
                if (queue.Store.TryGet(QueueRecords.DecodeSeq(payload), out var deleted))
                {
                    context.Release(queue.Store.Remove(deleted));
                }

                break;
            case QueueRecordKind.ChangeVisibility:
                var (seq, visibleAt) = QueueRecords.DecodeVisibility(payload);
                if (queue.Store.TryGet(seq, out var changed) && queue.Store[changed].State == MessageState.InFlight)
                {
                    queue.Store.ChangeVisibility(changed, now, visibleAt);
                }

                break;
            case QueueRecordKind.Purge:
                foreach (var purged in PurgeLocked(queue, QueueRecords.DecodeSeq(payload)))
                {
                    context.Release(purged);
                }

                break;
            case QueueRecordKind.ReceiveAttempt:
                var (attemptId, expiresAt, attempted) = QueueRecords.DecodeReceiveAttempt(payload);
                if (expiresAt > now)
                {
                    queue.ReceiveAttempts[attemptId] = (attempted, expiresAt);
                }

                break;
            case QueueRecordKind.MoveTaskStarted:
                var started = QueueRecords.DecodeMoveTaskStarted(payload);
                if (!_moveTasks.ContainsKey(started.Handle))
                {
                    _moveTasks[started.Handle] = new MoveTask(started.Handle, queue, started.DestinationArn, started.MaxPerSecond, started.ToMove, started.StartedAt);
                    ForgetOldMoveTasks(queue);
                }

                break;
            case QueueRecordKind.MoveTaskUpdated:
                var update = QueueRecords.DecodeMoveTaskUpdated(payload);
                if (_moveTasks.TryGetValue(update.Handle, out var task))
                {
                    task.Apply(update.Status, update.Moved, update.FailureReason);
                }

                break;
        }
    }

    public void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context)
    {
        var reader = new RecordReader(state);
        var version = state.Length == 0 ? 0 : reader.Int32();
        if (version is not (1 or SnapshotVersion))
        {
            return;
        }

        var now = NowMilliseconds;
        var queues = reader.Int32();
        var restored = 0;
        for (var q = 0; q < queues; q++)
        {
            var id = reader.Int64();
            _byId.TryGetValue(id, out var queue); // null: deleted since; its records are skipped
            var nextSeq = reader.Int64();
            var nonce = reader.Int64();
            var lastPurge = reader.Int64();
            if (queue is not null)
            {
                queue.NextSeq = nextSeq;
                queue.Nonce = nonce;
                queue.LastPurge = lastPurge;
            }

            var messages = reader.Int32();
            for (var m = 0; m < messages; m++)
            {
                var message = new QueuedMessage
                {
                    Seq = reader.Int64(),
                    Position = new LogPosition(reader.Int64()),
                    MessageId = reader.Guid(),
                    SentTimestamp = reader.Int64(),
                    GroupId = reader.String(),
                    DeduplicationId = reader.String(),
                };
                var inFlight = reader.Byte() == 1;
                message.VisibleAt = reader.Int64();
                var receiveCount = reader.Int32();
                var firstReceive = reader.Int64();
                var receivedAt = reader.Int64();
                var messageNonce = reader.Int64();
                if (queue is null)
                {
                    continue;
                }

                message.ReceiveCount = receiveCount;
                message.FirstReceiveTimestamp = firstReceive;
                message.ReceivedAt = receivedAt;
                message.ReceiptNonce = messageNonce; // visible again but not received since: its last handle still deletes it
                var slot = queue.Store.Add(message, now);
                if (inFlight)
                {
                    queue.Store.RestoreInFlight(slot, receiveCount, message.VisibleAt, firstReceive, receivedAt, messageNonce);
                }

                context.Retain(message.Position);
                restored++;
            }

            var entries = reader.Int32();
            for (var d = 0; d < entries; d++)
            {
                var key = reader.String()!;
                var entry = new DeduplicationEntry(reader.Guid(), reader.Int64(), reader.Int64());
                if (queue is not null && entry.ExpiresAt > now)
                {
                    queue.Deduplication.Add(key, entry);
                }
            }

            if (version >= 2)
            {
                RestoreReceiveAttempts(ref reader, queue, now);
            }
        }

        if (version >= 2)
        {
            RestoreMoveTasks(ref reader);
        }

        QueueLog.Restored(_logger, restored, queues);
    }

    /// <summary>Writes every queue's state. Holds the state lock for writing: no change is half-captured.</summary>
    public void CaptureSnapshot(IBufferWriter<byte> writer)
    {
        _stateLock.EnterWriteLock();
        try
        {
            var queues = _byId.Values.Where(q => !q.Deleted).ToList();
            Write(writer, 8, (ref RecordWriter w) =>
            {
                w.Int32(SnapshotVersion);
                w.Int32(queues.Count);
            });
            foreach (var queue in queues)
            {
                lock (queue.Gate)
                {
                    WriteQueue(writer, queue);
                    WriteReceiveAttempts(writer, queue);
                }
            }

            WriteMoveTasks(writer, [.. _moveTasks.Values.Where(t => !t.Source.Deleted)]);
        }
        finally
        {
            _stateLock.ExitWriteLock();
        }
    }

    private static void WriteQueue(IBufferWriter<byte> writer, Queue queue)
    {
        Write(writer, 36, (ref RecordWriter w) =>
        {
            w.Int64(queue.Id);
            w.Int64(queue.NextSeq);
            w.Int64(queue.Nonce);
            w.Int64(queue.LastPurge);
            w.Int32(queue.Store.Count);
        });
        var store = queue.Store;
        foreach (var slot in store.Slots)
        {
            ref readonly var message = ref store[slot];
            var groupId = store.GroupId(slot);
            var deduplicationId = store.DeduplicationId(slot);
            var size = 8 + 8 + 16 + 8 + RecordSize.Of(groupId) + RecordSize.Of(deduplicationId) + 1 + 8 + 4 + 8 + 8 + 8;
            var w = new RecordWriter(writer.GetSpan(size)[..size]);
            w.Int64(message.Seq);
            w.Int64(message.Position.Value);
            w.Guid(message.MessageId);
            w.Int64(message.SentTimestamp);
            w.String(groupId);
            w.String(deduplicationId);
            w.Byte(message.State == MessageState.InFlight ? (byte)1 : (byte)0);
            w.Int64(message.VisibleAt);
            w.Int32(message.ReceiveCount);
            w.Int64(message.FirstReceiveTimestamp);
            w.Int64(message.ReceivedAt);
            w.Int64(message.ReceiptNonce);
            writer.Advance(w.Written);
        }

        Write(writer, 4, (ref RecordWriter w) => w.Int32(queue.Deduplication.Count));
        foreach (var (key, entry) in queue.Deduplication.Entries)
        {
            Write(writer, RecordSize.Of(key) + 16 + 8 + 8, (ref RecordWriter w) =>
            {
                w.String(key);
                w.Guid(entry.MessageId);
                w.Int64(entry.Seq);
                w.Int64(entry.ExpiresAt);
            });
        }
    }

    /// <summary>FIFO attempt ids: <c>count i32 | (attemptId str | expiresAt i64 | n i32 | (seq i64 | nonce i64)*)*</c>.</summary>
    private static void WriteReceiveAttempts(IBufferWriter<byte> writer, Queue queue)
    {
        Write(writer, 4, (ref RecordWriter w) => w.Int32(queue.ReceiveAttempts.Count));
        foreach (var (attemptId, (messages, expiresAt)) in queue.ReceiveAttempts)
        {
            Write(writer, RecordSize.Of(attemptId) + 8 + 4 + (16 * messages.Count), (ref RecordWriter w) =>
            {
                w.String(attemptId);
                w.Int64(expiresAt);
                w.Int32(messages.Count);
                foreach (var (seq, nonce) in messages)
                {
                    w.Int64(seq);
                    w.Int64(nonce);
                }
            });
        }
    }

    private static void RestoreReceiveAttempts(ref RecordReader reader, Queue? queue, long now)
    {
        var attempts = reader.Int32();
        for (var a = 0; a < attempts; a++)
        {
            var attemptId = reader.String()!;
            var expiresAt = reader.Int64();
            var count = reader.Int32();
            var messages = new List<(long Seq, long Nonce)>(count);
            for (var m = 0; m < count; m++)
            {
                messages.Add((reader.Int64(), reader.Int64()));
            }

            if (queue is not null && expiresAt > now)
            {
                queue.ReceiveAttempts[attemptId] = (messages, expiresAt);
            }
        }
    }

    /// <summary>
    /// Move tasks: <c>count i32 | (sourceId i64 | handle str | destinationArn str | maxPerSecond i32 | toMove i64
    /// | startedAt i64 | status str | moved i64 | failureReason str)*</c>.
    /// </summary>
    private static void WriteMoveTasks(IBufferWriter<byte> writer, List<MoveTask> tasks)
    {
        Write(writer, 4, (ref RecordWriter w) => w.Int32(tasks.Count));
        foreach (var task in tasks)
        {
            var status = task.Status;
            var size = 8 + RecordSize.Of(task.Handle) + RecordSize.Of(task.DestinationArn) + 4 + 8 + 8 + RecordSize.Of(status) + 8 + RecordSize.Of(task.FailureReason);
            Write(writer, size, (ref RecordWriter w) =>
            {
                w.Int64(task.Source.Id);
                w.String(task.Handle);
                w.String(task.DestinationArn);
                w.Int32(task.MaxPerSecond ?? 0);
                w.Int64(task.ToMove);
                w.Int64(task.StartedAt);
                w.String(status);
                w.Int64(Interlocked.Read(ref task.Moved));
                w.String(task.FailureReason);
            });
        }
    }

    private void RestoreMoveTasks(ref RecordReader reader)
    {
        var count = reader.Int32();
        for (var t = 0; t < count; t++)
        {
            var sourceId = reader.Int64();
            var handle = reader.String()!;
            var destinationArn = reader.String();
            var maxPerSecond = reader.Int32();
            var toMove = reader.Int64();
            var startedAt = reader.Int64();
            var status = reader.String()!;
            var moved = reader.Int64();
            var failureReason = reader.String();
            if (_byId.TryGetValue(sourceId, out var source))
            {
                var task = new MoveTask(handle, source, destinationArn, maxPerSecond == 0 ? null : maxPerSecond, toMove, startedAt);
                task.Apply(status, moved, failureReason);
                _moveTasks[handle] = task;
            }
        }
    }

    private delegate void WriteFields(ref RecordWriter writer);

    private static void Write(IBufferWriter<byte> writer, int size, WriteFields write)
    {
        var span = writer.GetSpan(size)[..size];
        var fields = new RecordWriter(span);
        write(ref fields);
        writer.Advance(fields.Written);
    }
}

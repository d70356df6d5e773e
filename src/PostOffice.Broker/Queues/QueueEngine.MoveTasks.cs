using System.Collections.Concurrent;
using System.Text;
using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

/// <summary>
/// Message move tasks (StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask). A task's start is durable
/// before its handle is returned; each step's progress is in the same chunk as the moves it counts; a cancel is
/// durable before it is acknowledged. After a restart, RUNNING tasks resume where their last durable step left them,
/// CANCELLING ones end CANCELLED, and finished ones stay listed (the 10 newest per source queue, as AWS lists them).
/// </summary>
public sealed partial class QueueEngine
{
    private const int DefaultMovesPerSecond = 500;
    private const int KeptMoveTasksPerSource = 10;

    private readonly ConcurrentDictionary<string, MoveTask> _moveTasks = new(StringComparer.Ordinal);

    /// <summary>Guards the one-active-task-per-source rule between concurrent starts.</summary>
    private readonly object _moveTaskGate = new();

    public async Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken)
    {
        var source = FindByArn(sourceArn, "SourceArn");
        if (!_byName.Values.Any(q => !q.Deleted && q.Settings.Redrive?.DeadLetterQueue == source.Name))
        {
            throw new QueueException(QueueErrorCode.InvalidParameterValue, "Source queue must be configured as a Dead Letter Queue.");
        }

        var destination = destinationArn is null ? null : FindByArn(destinationArn, "DestinationArn");
        if (maxNumberOfMessagesPerSecond is < 1 or > 500)
        {
            throw InvalidParameter("MaxNumberOfMessagesPerSecond", maxNumberOfMessagesPerSecond, "Must be between 1 and 500.");
        }

        long toMove;
        lock (source.Gate)
        {
            source.Store.PromoteDue(NowMilliseconds);
            toMove = source.Store.ReadyCount;
        }

        var handle = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"taskId\":\"{Guid.NewGuid()}\",\"sourceArn\":\"{source.Arn}\"}}"));
        var task = new MoveTask(handle, source, destination?.Arn, maxNumberOfMessagesPerSecond, toMove, NowMilliseconds);
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            lock (_moveTaskGate)
            {
                if (_moveTasks.Values.Any(t => t.Source == source && t.IsActive))
                {
                    throw new QueueException(QueueErrorCode.UnsupportedOperation, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
                }

                _moveTasks[handle] = task;
                ForgetOldMoveTasks(source);
                commit = AppendLocked([new LogRecord(QueueRecordKind.MoveTaskStarted, source.Id, QueueRecords.EncodeMoveTaskStarted(task))]);
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
        _ = Task.Run(() => RunMoveTaskAsync(task), CancellationToken.None);
        return handle;
    }

    public Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults, CancellationToken cancellationToken)
    {
        var source = FindByArn(sourceArn, "SourceArn");
        if (maxResults is < 1 or > 10)
        {
            throw InvalidParameter("MaxResults", maxResults, "Must be between 1 and 10.");
        }

        IReadOnlyList<MessageMoveTask> tasks = [.. _moveTasks.Values
            .Where(t => t.Source == source)
            .OrderByDescending(t => t.StartedAt)
            .Take(maxResults ?? 1)
            .Select(t => t.Describe())];
        return Task.FromResult(tasks);
    }

    public async Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken)
    {
        if (!_moveTasks.TryGetValue(taskHandle, out var task) || task.Source.Deleted)
        {
            throw new QueueException(QueueErrorCode.ResourceNotFound, "Task does not exist.");
        }

        ValueTask commit;
        long moved;
        _stateLock.EnterReadLock();
        try
        {
            lock (_moveTaskGate)
            {
                if (task.Status != MoveTask.Running)
                {
                    throw new QueueException(QueueErrorCode.UnsupportedOperation, $"Task is in {task.Status} state and cannot be cancelled.");
                }

                moved = Interlocked.Read(ref task.Moved);
                task.Status = MoveTask.Cancelling;
                commit = AppendLocked([UpdateRecord(task, MoveTask.Cancelling, moved, null)]);
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
        await task.Cancellation.CancelAsync().ConfigureAwait(false);
        return moved;
    }

    /// <summary>After recovery: runs every task that was running, and ends those a cancel had reached.</summary>
    private void ResumeMoveTasks()
    {
        foreach (var task in _moveTasks.Values.Where(t => t.IsActive && !t.Source.Deleted))
        {
            if (task.Status == MoveTask.Cancelling)
            {
                task.Cancellation.Cancel();
            }

            _ = Task.Run(() => RunMoveTaskAsync(task), CancellationToken.None);
        }
    }

    /// <summary>Deletes the tasks of a deleted queue (AWS lists tasks by source queue; a new queue of the same name has none).</summary>
    private void ForgetMoveTasks(Queue queue)
    {
        foreach (var task in _moveTasks.Values.Where(t => t.Source == queue))
        {
            _moveTasks.TryRemove(task.Handle, out _);
            task.Cancellation.Cancel();
        }
    }

    /// <summary>Keeps the newest tasks of a source queue (finished ones beyond them are forgotten). Under the state lock.</summary>
    private void ForgetOldMoveTasks(Queue source)
    {
        foreach (var old in _moveTasks.Values.Where(t => t.Source == source).OrderByDescending(t => t.StartedAt).Skip(KeptMoveTasksPerSource).Where(t => !t.IsActive))
        {
            _moveTasks.TryRemove(old.Handle, out _);
        }
    }

    private Queue FindByArn(string arn, string parameter) =>
        QueueNames.NameFromArn(arn) is { } name && _byName.TryGetValue(name, out var queue) && !queue.Deleted
            ? queue
            : throw new QueueException(QueueErrorCode.ResourceNotFound, $"The resource that you specified for the {parameter} parameter doesn't exist.");

    /// <summary>
    /// Moves messages in steps of at most one second's quota, each step one atomic chunk per destination that also
    /// records the task's new count; then records how the task ended. A shutdown stops it without recording anything:
    /// the task is still RUNNING in the log and resumes at the next start.
    /// </summary>
    private async Task RunMoveTaskAsync(MoveTask task)
    {
        var perSecond = task.MaxPerSecond ?? DefaultMovesPerSecond;
        string status;
        string? failureReason = null;
        try
        {
            while (!task.Cancellation.IsCancellationRequested && Interlocked.Read(ref task.Moved) < task.ToMove)
            {
                var batch = (int)Math.Min(perSecond, task.ToMove - Interlocked.Read(ref task.Moved));
                var moved = MoveStep(task, batch);
                if (moved < batch)
                {
                    break; // the dead-letter queue has no more visible messages
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time, task.Cancellation.Token).ConfigureAwait(false);
            }

            status = task.Cancellation.IsCancellationRequested ? MoveTask.Cancelled : MoveTask.Completed;
        }
        catch (OperationCanceledException)
        {
            status = MoveTask.Cancelled;
        }
        catch (Exception ex) when (ex is QueueException or StorageFailedException or InvalidOperationException)
        {
            status = MoveTask.Failed;
            failureReason = ex.Message;
        }

        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            ValueTask commit;
            _stateLock.EnterReadLock();
            try
            {
                lock (_moveTaskGate)
                {
                    // Logged before it shows: a stopped log throws here, and the task stays as recorded.
                    commit = AppendLocked([UpdateRecord(task, status, Interlocked.Read(ref task.Moved), failureReason)]);
                    task.Apply(status, Interlocked.Read(ref task.Moved), failureReason);
                }
            }
            finally
            {
                _stateLock.ExitReadLock();
            }

            await commit.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is StorageFailedException or InvalidOperationException)
        {
            // The log has stopped (a storage failure or shutdown): the task's last durable state stands.
        }
    }

    private int MoveStep(MoveTask task, int max)
    {
        var taken = new List<QueuedMessage>();
        _stateLock.EnterReadLock();
        try
        {
            var now = NowMilliseconds;
            var destination = task.DestinationArn is null ? null : FindByArn(task.DestinationArn, "DestinationArn");
            lock (task.Source.Gate)
            {
                if (task.Source.Deleted)
                {
                    throw new QueueException(QueueErrorCode.ResourceNotFound, "The source queue no longer exists.");
                }

                task.Source.Store.TakeForMove(max, now, taken);
            }

            foreach (var group in taken.GroupBy(m => destination ?? OriginalSource(m)))
            {
                if (group.Key is null)
                {
                    // The original source queue is gone: put the messages back rather than lose them.
                    lock (task.Source.Gate)
                    {
                        foreach (var message in group)
                        {
                            message.State = MessageState.Delayed;
                            message.Version++;
                            task.Source.Store.Add(message, now);
                        }
                    }

                    throw new QueueException(QueueErrorCode.ResourceNotFound, "The source queue of a message no longer exists.");
                }

                List<QueuedMessage> messages = [.. group];
                var moved = Interlocked.Read(ref task.Moved) + messages.Count;
                MoveMessages(task.Source, group.Key, messages, now, toDeadLetterQueue: false, UpdateRecord(task, MoveTask.Running, moved, null));
                Interlocked.Exchange(ref task.Moved, moved);
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        return taken.Count;
    }

    private static LogRecord UpdateRecord(MoveTask task, string status, long moved, string? failureReason) =>
        new(QueueRecordKind.MoveTaskUpdated, task.Source.Id, QueueRecords.EncodeMoveTaskUpdated(task.Handle, status, moved, failureReason));

    private Queue? OriginalSource(QueuedMessage message) =>
        QueueNames.NameFromArn(ReadContent(message).DeadLetterQueueSourceArn) is { } name && _byName.TryGetValue(name, out var queue) && !queue.Deleted ? queue : null;
}

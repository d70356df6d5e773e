using System.Collections.Concurrent;
using System.Text;
using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

public sealed partial class QueueEngine
{
    private const int DefaultMovesPerSecond = 500;

    private readonly ConcurrentDictionary<string, MoveTask> _moveTasks = new(StringComparer.Ordinal);

    public Task<string> StartMessageMoveTaskAsync(string sourceArn, string? destinationArn, int? maxNumberOfMessagesPerSecond, CancellationToken cancellationToken)
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

        if (_moveTasks.Values.Any(t => t.Source == source && t.Status is "RUNNING" or "CANCELLING"))
        {
            throw new QueueException(QueueErrorCode.UnsupportedOperation, "There is already a task running. Only one active task is allowed for a source queue arn at a given time.");
        }

        long toMove;
        lock (source.Gate)
        {
            source.Store.PromoteDue(NowMilliseconds);
            toMove = source.Store.ReadyCount;
        }

        var handle = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"taskId\":\"{Guid.NewGuid()}\",\"sourceArn\":\"{source.Arn}\"}}"));
        var task = new MoveTask(handle, source, destination, maxNumberOfMessagesPerSecond, toMove, NowMilliseconds);
        _moveTasks[handle] = task;
        _ = Task.Run(() => RunMoveTaskAsync(task), CancellationToken.None);
        return Task.FromResult(handle);
    }

    public Task<IReadOnlyList<MessageMoveTask>> ListMessageMoveTasksAsync(string sourceArn, int? maxResults, CancellationToken cancellationToken)
    {
        var source = FindByArn(sourceArn, "SourceArn");
        if (maxResults is < 1 or > 10)
        {
            throw InvalidParameter("MaxResults", maxResults, "Must be between 1 and 10.");
        }

        IReadOnlyList<MessageMoveTask> tasks = [.. _moveTasks.Values
            .Where(t => t.Source.Arn == source.Arn)
            .OrderByDescending(t => t.StartedAt)
            .Take(maxResults ?? 1)
            .Select(t => t.Describe())];
        return Task.FromResult(tasks);
    }

    public async Task<long> CancelMessageMoveTaskAsync(string taskHandle, CancellationToken cancellationToken)
    {
        if (!_moveTasks.TryGetValue(taskHandle, out var task))
        {
            throw new QueueException(QueueErrorCode.ResourceNotFound, "Task does not exist.");
        }

        if (task.Status != "RUNNING")
        {
            throw new QueueException(QueueErrorCode.UnsupportedOperation, $"Task is in {task.Status} state and cannot be cancelled.");
        }

        task.Status = "CANCELLING";
        await task.Cancellation.CancelAsync().ConfigureAwait(false);
        return Interlocked.Read(ref task.Moved);
    }

    private Queue FindByArn(string arn, string parameter) =>
        QueueNames.NameFromArn(arn) is { } name && _byName.TryGetValue(name, out var queue) && !queue.Deleted
            ? queue
            : throw new QueueException(QueueErrorCode.ResourceNotFound, $"The resource that you specified for the {parameter} parameter doesn't exist.");

    /// <summary>Moves messages in steps of at most one second's quota, each step one atomic chunk per destination.</summary>
    private async Task RunMoveTaskAsync(MoveTask task)
    {
        var perSecond = task.MaxPerSecond ?? DefaultMovesPerSecond;
        try
        {
            while (!task.Cancellation.IsCancellationRequested && Interlocked.Read(ref task.Moved) < task.ToMove)
            {
                var batch = (int)Math.Min(perSecond, task.ToMove - Interlocked.Read(ref task.Moved));
                var moved = MoveStep(task, batch);
                Interlocked.Add(ref task.Moved, moved);
                if (moved < batch)
                {
                    break; // the dead-letter queue has no more visible messages
                }

                await Task.Delay(TimeSpan.FromSeconds(1), _time, task.Cancellation.Token).ConfigureAwait(false);
            }

            task.Status = task.Cancellation.IsCancellationRequested ? "CANCELLED" : "COMPLETED";
        }
        catch (OperationCanceledException)
        {
            task.Status = "CANCELLED";
        }
        catch (Exception ex) when (ex is QueueException or StorageFailedException or InvalidOperationException)
        {
            task.FailureReason = ex.Message;
            task.Status = "FAILED";
        }
    }

    private int MoveStep(MoveTask task, int max)
    {
        var taken = new List<QueuedMessage>();
        _stateLock.EnterReadLock();
        try
        {
            var now = NowMilliseconds;
            lock (task.Source.Gate)
            {
                task.Source.Store.TakeForMove(max, now, taken);
            }

            foreach (var group in taken.GroupBy(m => task.Destination ?? OriginalSource(m)))
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

                MoveMessages(task.Source, group.Key, [.. group], now, toDeadLetterQueue: false);
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        return taken.Count;
    }

    private Queue? OriginalSource(QueuedMessage message) =>
        QueueNames.NameFromArn(ReadContent(message).DeadLetterQueueSourceArn) is { } name && _byName.TryGetValue(name, out var queue) && !queue.Deleted ? queue : null;
}

namespace PostOffice.Broker.Queues;

/// <summary>A running or finished message move task (kept in memory: tasks do not survive a restart).</summary>
internal sealed class MoveTask(string handle, Queue source, Queue? destination, int? maxPerSecond, long toMove, long startedAt)
{
    public string Handle { get; } = handle;

    public Queue Source { get; } = source;

    public Queue? Destination { get; } = destination;

    public int? MaxPerSecond { get; } = maxPerSecond;

    public long ToMove { get; } = toMove;

    public long StartedAt { get; } = startedAt;

    public CancellationTokenSource Cancellation { get; } = new();

    public long Moved;

    public volatile string Status = "RUNNING";

    public string? FailureReason { get; set; }

    public MessageMoveTask Describe() => new(
        Handle, Status, Source.Arn, Destination?.Arn, MaxPerSecond, Interlocked.Read(ref Moved), ToMove, FailureReason, StartedAt);
}

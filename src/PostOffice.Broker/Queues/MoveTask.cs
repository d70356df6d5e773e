namespace PostOffice.Broker.Queues;

/// <summary>
/// A message move task and its progress. Durable: its start, progress and end are log records
/// (<see cref="QueueRecordKind.MoveTaskStarted"/>, <see cref="QueueRecordKind.MoveTaskUpdated"/>) owned by the source
/// queue, and snapshots hold every task, so a running task resumes after a restart and finished ones stay listed.
/// </summary>
/// <remarks>Status and progress change under the engine's state lock (read) together with their log record.</remarks>
internal sealed class MoveTask(string handle, Queue source, string? destinationArn, int? maxPerSecond, long toMove, long startedAt)
{
    public const string Running = "RUNNING";
    public const string Cancelling = "CANCELLING";
    public const string Completed = "COMPLETED";
    public const string Cancelled = "CANCELLED";
    public const string Failed = "FAILED";

    public string Handle { get; } = handle;

    public Queue Source { get; } = source;

    /// <summary>Null: each message goes back to the queue it was dead-lettered from.</summary>
    public string? DestinationArn { get; } = destinationArn;

    public int? MaxPerSecond { get; } = maxPerSecond;

    public long ToMove { get; } = toMove;

    /// <summary>Epoch milliseconds.</summary>
    public long StartedAt { get; } = startedAt;

    public CancellationTokenSource Cancellation { get; } = new();

    public long Moved;

    public volatile string Status = Running;

    public string? FailureReason { get; set; }

    /// <summary>RUNNING or CANCELLING: a runner owns (or will own) the task.</summary>
    public bool IsActive => Status is Running or Cancelling;

    public MessageMoveTask Describe() => new(
        Handle, Status, Source.Arn, DestinationArn, MaxPerSecond, Interlocked.Read(ref Moved), ToMove, FailureReason, StartedAt);

    /// <summary>
    /// Applies a recorded state. Statuses only move forward (RUNNING, then CANCELLING, then a final one) and the count
    /// only grows, so replaying a record the snapshot already reflects changes nothing.
    /// </summary>
    public void Apply(string status, long moved, string? failureReason)
    {
        if (Rank(status) >= Rank(Status))
        {
            Status = status;
            FailureReason = failureReason ?? FailureReason;
        }

        if (moved > Interlocked.Read(ref Moved))
        {
            Interlocked.Exchange(ref Moved, moved);
        }
    }

    private static int Rank(string status) => status switch
    {
        Running => 0,
        Cancelling => 1,
        _ => 2,
    };
}

namespace PostOffice.Storage.Log;

/// <summary>
/// The shared write-ahead log: queues, topic deliveries and MQTT sessions append records to it, and rebuild their
/// in-memory state from it at start (see <see cref="ILogRecoveryHandler"/>).
/// </summary>
/// <remarks>
/// Implementations: <see cref="WriteAheadLog"/> (local files, the default). A PostgreSQL implementation keeps the
/// same contract: positions grow, a chunk is atomic, an acknowledged append survives any crash.
/// </remarks>
public interface IWriteAheadLog
{
    /// <summary>
    /// Appends <paramref name="records"/> as one chunk: after a crash either all of them are there or none is.
    /// Each record's position is written to <paramref name="positions"/> before this method returns; the returned
    /// task completes once the chunk is durable (written and flushed to disk), or faults with
    /// <see cref="StorageFailedException"/> when the log can no longer guarantee that.
    /// </summary>
    /// <remarks>
    /// Blocks the caller only when more than the configured pending bytes wait for the disk (backpressure). The
    /// payloads are copied before this method returns: the caller may reuse (or return to a pool) their buffers.
    /// </remarks>
    ValueTask AppendAndWaitForCommitAsync(ReadOnlySpan<LogRecord> records, Span<LogPosition> positions);

    /// <summary>
    /// Appends <paramref name="records"/> as one chunk that nobody waits for: it becomes durable with the next commit,
    /// or after a short delay (<see cref="WriteAheadLogOptions.UnflushedCommitDelay"/>) when none comes sooner.
    /// For records whose loss in a crash only repeats work, such as a push delivery's done mark (it is pushed again).
    /// </summary>
    /// <remarks>
    /// Order is kept: a chunk appended later, waited for or not, is never durable without this one. Positions are
    /// written to <paramref name="positions"/> only when it is given (such records are rarely read back).
    /// </remarks>
    void AppendUnflushed(ReadOnlySpan<LogRecord> records, Span<LogPosition> positions = default);

    /// <summary>
    /// Reads back a record, typically a retained message body; one appended but not yet durable is read once its
    /// commit completes.
    /// </summary>
    ValueTask<StoredRecord> ReadAsync(LogPosition position, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads several durable records at once into <paramref name="records"/>: records close together in one file
    /// (a receive's batch of messages, usually) cost one read between them. Returns false, reading nothing useful,
    /// when any of them is not durable yet; <see cref="ReadAsync"/> then waits for those.
    /// </summary>
    bool TryReadCommitted(ReadOnlySpan<LogPosition> positions, Span<StoredRecord> records);

    /// <summary>
    /// Declares a retained record no longer referenced. Its file may be compacted once a snapshot begun after this
    /// call is durable. Allowed as soon as the append returned the position, even before the append is durable.
    /// </summary>
    void Release(LogPosition position);

    /// <summary>
    /// Starts a snapshot: call just before capturing the engines' state, then pass the returned position to
    /// <see cref="WriteSnapshotAsync"/>. Releases made before this call take effect once that snapshot is durable
    /// (the snapshot cannot refer to them); later ones wait for the next snapshot.
    /// </summary>
    LogPosition BeginSnapshot();

    /// <summary>
    /// Stores the engines' state as of <paramref name="replayFrom"/>: every record before that position must be
    /// reflected in <paramref name="state"/>; recovery replays from there (later records may be reflected too, so
    /// replay must be idempotent). Completes once the snapshot is durable; then log files it makes unnecessary are
    /// deleted.
    /// </summary>
    ValueTask WriteSnapshotAsync(LogPosition replayFrom, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default);

    /// <summary>The position the next chunk will get: everything before it has been appended, not necessarily committed.</summary>
    LogPosition AppendedPosition { get; }

    /// <summary>Everything before this position is durable.</summary>
    LogPosition CommittedPosition { get; }

    /// <summary>The sticky I/O failure that stopped the log, if any; once set, every append fails with it.</summary>
    Exception? Failure { get; }
}

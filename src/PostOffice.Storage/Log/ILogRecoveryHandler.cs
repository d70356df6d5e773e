namespace PostOffice.Storage.Log;

/// <summary>
/// The engines' side of recovery and snapshots. At start the log calls <see cref="RestoreSnapshot"/> once (when a
/// snapshot exists) and then <see cref="Replay"/> for every record from the snapshot's position on, in log order.
/// </summary>
/// <remarks>
/// Replay must be idempotent: a snapshot may already reflect records after its position. Retention is counted for
/// the engine: a replayed record marked <see cref="LogRecord.Retained"/> counts as referenced; the engine calls
/// <see cref="LogRecoveryContext.Retain"/> for references its snapshot holds and <see cref="LogRecoveryContext.Release"/>
/// when replay drops one.
/// </remarks>
public interface ILogRecoveryHandler
{
    void RestoreSnapshot(ReadOnlySpan<byte> state, LogRecoveryContext context);

    void Replay(in LogRecordView record, LogRecoveryContext context);

    /// <summary>Writes the engines' current state for a snapshot (see <see cref="IWriteAheadLog.WriteSnapshotAsync"/>).</summary>
    void CaptureSnapshot(System.Buffers.IBufferWriter<byte> writer);
}

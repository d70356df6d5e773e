namespace PostOffice.Storage.Log;

/// <summary>What a recovery handler may do to retention counts while the log is being recovered.</summary>
public sealed class LogRecoveryContext
{
    private readonly WriteAheadLog _log;

    internal LogRecoveryContext(WriteAheadLog log, LogPosition snapshotPosition)
    {
        _log = log;
        SnapshotPosition = snapshotPosition;
    }

    /// <summary>The position replay starts from; <see cref="LogPosition.Start"/> when there was no snapshot.</summary>
    public LogPosition SnapshotPosition { get; }

    /// <summary>
    /// Counts a reference the restored snapshot holds to a retained record. References at or after
    /// <see cref="SnapshotPosition"/> are ignored: replay counts those records itself.
    /// </summary>
    public void Retain(LogPosition position)
    {
        if (position >= SnapshotPosition)
        {
            return;
        }

        try
        {
            _log.AdjustRetained(position, +1);
        }
        catch (InvalidOperationException)
        {
            // Only an older snapshot, used because the newest was damaged, can refer to a compacted file.
            throw new StorageCorruptionException(
                _log.SnapshotDirectory,
                position.Value,
                "the snapshot refers to a record whose log file was compacted; the newest snapshot is damaged and this older one cannot be used");
        }
    }

    /// <summary>Drops a reference, as <see cref="IWriteAheadLog.Release"/> does.</summary>
    public void Release(LogPosition position) => _log.AdjustRetained(position, -1);
}

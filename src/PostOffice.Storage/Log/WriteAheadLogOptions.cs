using PostOffice.Storage.Io;

namespace PostOffice.Storage.Log;

/// <summary>Settings of a <see cref="WriteAheadLog"/>; validated when the log opens.</summary>
public sealed class WriteAheadLogOptions
{
    /// <summary>The directory holding the log files (<c>*.wal</c>) and the <c>snapshots</c> directory.</summary>
    public required string Directory { get; init; }

    /// <summary>A log file is sealed and a new one started once it reaches this size (the last batch may overshoot).</summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Appended bytes allowed to wait for the disk before appenders block (backpressure).</summary>
    public int MaxPendingBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>How many snapshots to keep; recovery falls back to an older one if the newest is damaged.</summary>
    public int SnapshotsToKeep { get; init; } = 2;

    /// <summary>
    /// How long a chunk appended with <see cref="IWriteAheadLog.AppendUnflushed"/> waits for another commit to ride
    /// with before it is flushed on its own: a crash loses at most this much of such records.
    /// </summary>
    public TimeSpan UnflushedCommitDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Whether the next log file is zero-filled in the background before it is needed, so that commits overwrite
    /// allocated blocks instead of growing the file (a cheaper <c>fdatasync</c>). A busy log then keeps one spare file
    /// of <see cref="SegmentBytes"/>, and its active file is that large from the start.
    /// </summary>
    public bool PrepareSegments { get; init; } = true;

    /// <summary>
    /// Runs first on the writer thread, the one thread every durable acknowledgement waits for, e.g. to set how it is
    /// scheduled. An exception from it fails the log, as a failed write would.
    /// </summary>
    public Action? WriterThreadStarted { get; init; }

    /// <summary>The file-system seam; tests pass one that fails on purpose.</summary>
    public IStorageIo Io { get; init; } = PhysicalStorageIo.Instance;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            throw new ArgumentException("The log directory is required.", nameof(Directory));
        }

        if (SegmentBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentBytes), SegmentBytes, "A log file must be allowed at least 4 KiB.");
        }

        if (MaxPendingBytes < 64 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "At least 64 KiB must be allowed to wait for the disk.");
        }

        if (UnflushedCommitDelay <= TimeSpan.Zero || UnflushedCommitDelay.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(UnflushedCommitDelay), UnflushedCommitDelay, "The delay must be positive and under 24 days.");
        }

        if (SnapshotsToKeep < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotsToKeep), SnapshotsToKeep, "At least one snapshot must be kept.");
        }
    }
}

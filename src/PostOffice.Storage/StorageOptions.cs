using PostOffice.Storage.Io;

namespace PostOffice.Storage;

/// <summary>Settings of the embedded store; validated by <see cref="StorageEngine.OpenAsync"/>.</summary>
public sealed class StorageOptions
{
    /// <summary>Holds <c>catalog.db</c>, <c>wal/</c> and the lock file that keeps a second server out.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Size at which a write-ahead log file is sealed.</summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How often engine state is snapshotted so recovery replays less and old log files can go.</summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs first on the write-ahead log's writer thread, the one thread every durable acknowledgement waits for: the
    /// server keeps that thread under the default CPU scheduling there (see <see cref="Log.WriteAheadLogOptions.WriterThreadStarted"/>).
    /// </summary>
    public Action? LogWriterThreadStarted { get; init; }

    /// <summary>The file-system seam of the write-ahead log; tests inject faults through it.</summary>
    public IStorageIo Io { get; init; } = PhysicalStorageIo.Instance;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("The data directory is required.", nameof(DataDirectory));
        }

        if (SnapshotInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotInterval), SnapshotInterval, "Snapshots may be taken at most once a second.");
        }
    }
}

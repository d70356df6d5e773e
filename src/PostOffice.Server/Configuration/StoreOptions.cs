namespace PostOffice.Server.Configuration;

/// <summary>
/// The <c>storage</c> section. Named apart from <see cref="PostOffice.Storage.StorageOptions"/>, the engine's own
/// options, which <see cref="PostOffice.Server.Hosting.StorageHostedService"/> builds from this and the data directory.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>Size of one write-ahead log file (ARCH §4: 64 MiB).</summary>
    public long SegmentSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>How often engine state is snapshotted, which bounds the log tail replayed at start.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromMinutes(5);
}

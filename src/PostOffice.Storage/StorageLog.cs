using Microsoft.Extensions.Logging;

namespace PostOffice.Storage;

/// <summary>Log messages of the storage engine. Event ids 1-99; next free: 13.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Information, "Write-ahead log in {Directory} recovered: {Files} file(s), replayed {Records} record(s) from position {ReplayFrom}; next position {Next}")]
    public static partial void Recovered(ILogger logger, string directory, int files, long replayFrom, long records, long next);

    [LoggerMessage(2, LogLevel.Warning, "Torn tail of {Path} cut back to offset {Offset}: {Dropped} byte(s) of a write that was never acknowledged")]
    public static partial void TornTailTruncated(ILogger logger, string path, long offset, long dropped);

    [LoggerMessage(3, LogLevel.Error, "Snapshot {Path} is damaged ({Problem}); renamed to *.corrupt, an older snapshot or a longer replay is used instead")]
    public static partial void SnapshotDamaged(ILogger logger, string path, string problem);

    [LoggerMessage(4, LogLevel.Critical, "Write-ahead log in {Directory} failed; it refuses all writes from now on")]
    public static partial void WriterFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(5, LogLevel.Debug, "Log file {Path} sealed at {Length} bytes")]
    public static partial void SegmentRolled(ILogger logger, string path, long length);

    [LoggerMessage(6, LogLevel.Information, "Log file {Path} ({Length} bytes) deleted: no snapshot or record needs it")]
    public static partial void SegmentDeleted(ILogger logger, string path, long length);

    [LoggerMessage(7, LogLevel.Debug, "Snapshot written; replay resumes at {ReplayFrom} ({Bytes} bytes of state)")]
    public static partial void SnapshotWritten(ILogger logger, long replayFrom, int bytes);

    [LoggerMessage(8, LogLevel.Information, "Write-ahead log in {Directory} closed at position {Position}")]
    public static partial void Closed(ILogger logger, string directory, long position);

    [LoggerMessage(9, LogLevel.Information, "Storage opened in {Directory} in {Milliseconds} ms")]
    public static partial void Opened(ILogger logger, string directory, long milliseconds);

    [LoggerMessage(10, LogLevel.Error, "Periodic snapshot failed; the log keeps growing until one succeeds")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Information, "Storage in {Directory} flushed and closed")]
    public static partial void StorageClosed(ILogger logger, string directory);

    [LoggerMessage(12, LogLevel.Warning, "Could not prepare the next log file {Path} ahead of use; the log appends to its files instead")]
    public static partial void PreparationFailed(ILogger logger, string path, Exception exception);
}

namespace PostOffice.Server.Hosting;

internal sealed partial class StorageHostedService
{
    // Event ids 100-199 belong to this category. Highest used: 107.
    private static partial class Log
    {
        [LoggerMessage(
            100, LogLevel.Information, "Opening store in {DataDirectory} (segment size {SegmentSize}, snapshot interval {SnapshotInterval})")]
        public static partial void OpeningStore(ILogger logger, string dataDirectory, string segmentSize, string snapshotInterval);

        [LoggerMessage(101, LogLevel.Information, "Store open in {DataDirectory} after {ElapsedMilliseconds:F0} ms")]
        public static partial void StoreOpened(ILogger logger, string dataDirectory, double elapsedMilliseconds);

        [LoggerMessage(102, LogLevel.Critical, "Store is corrupt, refusing to start: {Problem}")]
        public static partial void StoreCorrupt(ILogger logger, string problem);

        [LoggerMessage(103, LogLevel.Information, "Shutting down: draining in-flight requests (timeout {ShutdownTimeout})")]
        public static partial void Draining(ILogger logger, string shutdownTimeout);

        [LoggerMessage(104, LogLevel.Information, "HTTP drained after {ElapsedMilliseconds:F0} ms")]
        public static partial void Drained(ILogger logger, double elapsedMilliseconds);

        [LoggerMessage(105, LogLevel.Information, "Flushing and closing store")]
        public static partial void FlushingStore(ILogger logger);

        [LoggerMessage(106, LogLevel.Information, "Store flushed and closed after {ElapsedMilliseconds:F0} ms")]
        public static partial void StoreClosed(ILogger logger, double elapsedMilliseconds);

        [LoggerMessage(107, LogLevel.Warning, "CPU scheduling: the log writer could not leave SCHED_BATCH (errno {Errno}); commits may wait for a core")]
        public static partial void LogWriterSchedulingRefused(ILogger logger, int errno);
    }
}

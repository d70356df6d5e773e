namespace PostOffice.Server.CommandLine;

internal static partial class ServeCommand
{
    // Event ids 1-99 belong to this category. Highest used: 8.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Starting {Version}, config file {ConfigPath}")]
        public static partial void Starting(ILogger logger, string version, string configPath);

        [LoggerMessage(2, LogLevel.Information, "Listening on {Address}")]
        public static partial void Listening(ILogger logger, string address);

        [LoggerMessage(3, LogLevel.Information, "Ready {ElapsedMilliseconds:F0} ms after process start")]
        public static partial void Ready(ILogger logger, double elapsedMilliseconds);

        [LoggerMessage(4, LogLevel.Critical, "Cannot start: {Problem}")]
        public static partial void StartFailed(ILogger logger, string problem);

        [LoggerMessage(5, LogLevel.Information, "Stop requested before start-up finished")]
        public static partial void StartCancelled(ILogger logger);

        [LoggerMessage(6, LogLevel.Information, "Stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(7, LogLevel.Debug, "CPU scheduling: batch ({Threads} threads moved)")]
        public static partial void BatchScheduling(ILogger logger, int threads);

        [LoggerMessage(8, LogLevel.Warning, "CPU scheduling: SCHED_BATCH refused (errno {Errno}); threads keep the default policy")]
        public static partial void BatchSchedulingRefused(ILogger logger, int errno);
    }
}

using Microsoft.Extensions.Logging;

namespace PostOffice.Aws.Dispatch;

internal sealed partial class AwsRequestDispatcher
{
    // Event ids 1-99 belong to this category. Highest used: 4.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Service} {Action} rejected: {Code} ({Status}) {Message}")]
        public static partial void RequestRejected(ILogger logger, string? service, string action, string code, int status, string message);

        [LoggerMessage(2, LogLevel.Warning, "{Service} {Action} failed: {Code} ({Status}) {Message}")]
        public static partial void RequestFailed(ILogger logger, string? service, string action, string code, int status, string message);

        [LoggerMessage(3, LogLevel.Debug, "{Service} {Action} abandoned: the client went away before request {RequestId} completed")]
        public static partial void ClientGone(ILogger logger, string? service, string action, string requestId);

        [LoggerMessage(4, LogLevel.Error, "{Service} {Action} failed: the store refuses writes")]
        public static partial void StorageFailed(ILogger logger, Exception exception, string? service, string action);
    }
}

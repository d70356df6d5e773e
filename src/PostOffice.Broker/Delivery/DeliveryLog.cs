using Microsoft.Extensions.Logging;

namespace PostOffice.Broker.Delivery;

/// <summary>Log messages of HTTP delivery. Event ids 400-449; next free: 403.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(400, LogLevel.Debug, "Delivery {MessageId} to {Endpoint} failed with {Status} (attempt {Attempt})")]
    public static partial void AttemptFailed(ILogger logger, string messageId, string endpoint, string status, int attempt);

    [LoggerMessage(401, LogLevel.Warning, "Delivery {MessageId} to {Endpoint} gave up after {Attempts} attempt(s)")]
    public static partial void Exhausted(ILogger logger, string messageId, string endpoint, int attempts);

    [LoggerMessage(402, LogLevel.Error, "Delivery {MessageId} to {Endpoint} could not record its outcome")]
    public static partial void OutcomeFailed(ILogger logger, Exception exception, string messageId, string endpoint);
}

using Microsoft.Extensions.Logging;

namespace PostOffice.Broker.Queues;

/// <summary>Log messages of the queue engine. Event ids 200-299; next free: 205.</summary>
internal static partial class QueueLog
{
    [LoggerMessage(200, LogLevel.Information, "{Count} queue definition(s) loaded from the catalog")]
    public static partial void Loaded(ILogger logger, int count);

    [LoggerMessage(201, LogLevel.Information, "Queue {Name} created (id {Id})")]
    public static partial void Created(ILogger logger, string name, long id);

    [LoggerMessage(202, LogLevel.Information, "Queue {Name} deleted with {Messages} message(s)")]
    public static partial void Deleted(ILogger logger, string name, int messages);

    [LoggerMessage(203, LogLevel.Information, "Queue {Name} purged: {Messages} message(s) deleted")]
    public static partial void Purged(ILogger logger, string name, int messages);

    [LoggerMessage(204, LogLevel.Information, "Replay restored {Messages} message(s) in {Queues} queue(s)")]
    public static partial void Restored(ILogger logger, int messages, int queues);
}

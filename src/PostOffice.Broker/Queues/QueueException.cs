namespace PostOffice.Broker.Queues;

/// <summary>A request-level failure of the queue engine; the edge turns it into the wire error.</summary>
public sealed class QueueException : Exception
{
    public QueueException(QueueErrorCode code, string message)
        : base(message)
    {
        Error = new QueueError(code, message);
    }

    public QueueException(QueueError error)
        : base(error.Message)
    {
        Error = error;
    }

    public QueueException()
        : this(QueueErrorCode.InvalidParameterValue, "Invalid request.")
    {
    }

    public QueueException(string message)
        : this(QueueErrorCode.InvalidParameterValue, message)
    {
    }

    public QueueException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new QueueError(QueueErrorCode.InvalidParameterValue, message);
    }

    public QueueError Error { get; }

    public QueueErrorCode Code => Error.Code;
}

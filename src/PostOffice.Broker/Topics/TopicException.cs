namespace PostOffice.Broker.Topics;

/// <summary>A request-level failure of the topic engine; the edge turns it into the wire error.</summary>
public sealed class TopicException : Exception
{
    public TopicException(TopicErrorCode code, string message)
        : base(message)
    {
        Error = new TopicError(code, message);
    }

    public TopicException()
        : this(TopicErrorCode.InvalidParameter, "Invalid parameter.")
    {
    }

    public TopicException(string message)
        : this(TopicErrorCode.InvalidParameter, message)
    {
    }

    public TopicException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new TopicError(TopicErrorCode.InvalidParameter, message);
    }

    public TopicError Error { get; }

    public TopicErrorCode Code => Error.Code;

    /// <summary>AWS words parameter errors as <c>Invalid parameter: {name}</c>, optionally followed by <c> Reason: ...</c>.</summary>
    public static TopicException InvalidParameter(string name, string? reason = null) =>
        new(TopicErrorCode.InvalidParameter, reason is null ? $"Invalid parameter: {name}" : $"Invalid parameter: {name} Reason: {reason}");

    public static TopicException TopicNotFound() => new(TopicErrorCode.NotFound, "Topic does not exist");

    public static TopicException SubscriptionNotFound() => new(TopicErrorCode.NotFound, "Subscription does not exist");
}

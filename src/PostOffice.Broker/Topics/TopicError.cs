namespace PostOffice.Broker.Topics;

/// <summary>A failure of one entry of a batch, or of a whole request.</summary>
public sealed record TopicError(TopicErrorCode Code, string Message);

namespace PostOffice.Broker.Queues;

/// <summary>One failure: its code and a message worded as AWS words it where AWS documents the wording.</summary>
public sealed record QueueError(QueueErrorCode Code, string Message)
{
    /// <summary>True when the caller's input is at fault (AWS's SenderFault); false for server-side failures.</summary>
    public bool SenderFault { get; init; } = true;
}

namespace PostOffice.Broker.Queues;

/// <summary>A FIFO message group: its undeleted messages in order, and how many of them are in flight.</summary>
internal sealed class MessageGroup(string id)
{
    public string Id { get; } = id;

    public LinkedList<QueuedMessage> Messages { get; } = new();

    /// <summary>While any message of the group is in flight, the group is blocked (its order would break otherwise).</summary>
    public int InFlight { get; set; }

    public bool InReadyList { get; set; }

    public bool IsAvailable => InFlight == 0 && Messages.First is { Value.State: MessageState.Ready };
}

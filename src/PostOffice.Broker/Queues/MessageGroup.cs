namespace PostOffice.Broker.Queues;

/// <summary>
/// A message group: on FIFO queues its undeleted messages in order, on standard (fair) queues its ready messages;
/// either way an intrusive list through <see cref="MessageSlot.Previous"/> and <see cref="MessageSlot.Next"/>.
/// </summary>
internal sealed class MessageGroup(string id, int index)
{
    /// <summary>The MessageGroupId; empty for messages sent without one.</summary>
    public string Id { get; } = id;

    /// <summary>The group's index in the store's group table (what slots refer to).</summary>
    public int Index { get; } = index;

    public int Head { get; set; } = -1;

    public int Tail { get; set; } = -1;

    /// <summary>Undeleted messages of the group, in any state; the group is dropped when this reaches zero.</summary>
    public int Count { get; set; }

    /// <summary>FIFO: while any message of the group is in flight, the group is blocked (its order would break otherwise).</summary>
    public int InFlight { get; set; }

    public bool InReadyList { get; set; }
}

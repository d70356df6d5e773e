namespace PostOffice.Broker.Queues;

/// <summary>
/// The messages of one queue and the structures that find the next ones to deliver, each operation O(1) or
/// O(log n) whatever the depth. Standard queues serve a ready list in arrival order; FIFO queues serve message
/// groups in turn, each in order, a group blocked while any of its messages is in flight. Delays and visibility
/// timeouts wait in one timing heap. Entries made stale by a later change are skipped (each message carries a
/// version) and the structures are rebuilt when stale entries outnumber live ones.
/// </summary>
/// <remarks>Not thread-safe: the owning queue's lock guards it.</remarks>
internal sealed partial class MessageStore(bool fifo)
{
    private const int CompactionSlack = 1024;

    private readonly Dictionary<long, QueuedMessage> _bySeq = [];
    private readonly PriorityQueue<(QueuedMessage Message, int Version), long> _timed = new();
    private readonly Queue<(QueuedMessage Message, int Version)> _ready = new();
    private readonly Dictionary<string, MessageGroup> _groups = new(StringComparer.Ordinal);
    private readonly Queue<MessageGroup> _readyGroups = new();
    private Queue<QueuedMessage> _arrival = new();

    public bool IsFifo { get; } = fifo;

    public int Count => _bySeq.Count;

    public int ReadyCount { get; private set; }

    public int DelayedCount { get; private set; }

    public int InFlightCount { get; private set; }

    public long ResidentBytes { get; private set; }

    public IEnumerable<QueuedMessage> Messages => _bySeq.Values;

    public bool TryGet(long seq, out QueuedMessage message) => _bySeq.TryGetValue(seq, out message!);

    /// <summary>The earliest time a delayed or in-flight message may become visible, if any (a wake-up hint).</summary>
    public long? NextDueTime => _timed.TryPeek(out _, out var due) ? due : null;

    public void Add(QueuedMessage message, long now)
    {
        _bySeq.Add(message.Seq, message);
        _arrival.Enqueue(message);
        ResidentBytes += message.Payload?.Length ?? 0;
        if (IsFifo)
        {
            var groupId = message.GroupId ?? string.Empty;
            if (!_groups.TryGetValue(groupId, out var group))
            {
                _groups[groupId] = group = new MessageGroup(groupId);
            }

            message.GroupNode = group.Messages.AddLast(message);
        }

        if (message.VisibleAt > now)
        {
            message.State = MessageState.Delayed;
            DelayedCount++;
            _timed.Enqueue((message, message.Version), message.VisibleAt);
        }
        else
        {
            message.State = MessageState.Delayed; // counted out by MakeReady
            DelayedCount++;
            MakeReady(message);
        }
    }

    /// <summary>Makes every delayed or in-flight message whose time has come visible.</summary>
    public void PromoteDue(long now)
    {
        while (_timed.TryPeek(out var entry, out var due) && due <= now)
        {
            _timed.Dequeue();
            if (entry.Version == entry.Message.Version && entry.Message.State is MessageState.Delayed or MessageState.InFlight)
            {
                MakeReady(entry.Message);
            }
        }
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> visible messages and puts them in flight until <paramref name="visibleUntil"/>.
    /// Messages already received <paramref name="maxReceiveCount"/> times are removed into <paramref name="redriven"/>
    /// instead (the caller moves them to the dead-letter queue).
    /// </summary>
    public void Receive(int max, long now, long visibleUntil, int? maxReceiveCount, ref long nonce, List<QueuedMessage> received, List<QueuedMessage> redriven)
    {
        PromoteDue(now);
        if (IsFifo)
        {
            ReceiveFromGroups(max, now, visibleUntil, maxReceiveCount, ref nonce, received, redriven);
            return;
        }

        while (received.Count < max && _ready.TryDequeue(out var entry))
        {
            var message = entry.Message;
            if (entry.Version != message.Version || message.State != MessageState.Ready)
            {
                continue;
            }

            if (message.ReceiveCount >= maxReceiveCount)
            {
                Remove(message);
                redriven.Add(message);
                continue;
            }

            MarkInFlight(message, now, visibleUntil, ref nonce);
            received.Add(message);
        }
    }

    /// <summary>Deletes a message from every structure (stale entries elsewhere are skipped by version).</summary>
    public void Remove(QueuedMessage message)
    {
        switch (message.State)
        {
            case MessageState.Ready: ReadyCount--; break;
            case MessageState.Delayed: DelayedCount--; break;
            case MessageState.InFlight: InFlightCount--; break;
            case MessageState.Deleted: return;
        }

        var wasInFlight = message.State == MessageState.InFlight;
        message.State = MessageState.Deleted;
        message.Version++;
        _bySeq.Remove(message.Seq);
        ResidentBytes -= message.Payload?.Length ?? 0;
        if (IsFifo && message.GroupNode is { List: { } } node)
        {
            var group = _groups[message.GroupId ?? string.Empty];
            group.Messages.Remove(node);
            if (wasInFlight)
            {
                group.InFlight--;
            }

            if (group.Messages.Count == 0)
            {
                _groups.Remove(group.Id);
            }
            else
            {
                OfferGroup(group);
            }
        }
    }

    /// <summary>Changes an in-flight message's visibility; at or before <paramref name="now"/> it is visible at once.</summary>
    public void ChangeVisibility(QueuedMessage message, long now, long visibleAt)
    {
        if (visibleAt <= now)
        {
            MakeReady(message);
            return;
        }

        message.VisibleAt = visibleAt;
        message.Version++;
        _timed.Enqueue((message, message.Version), visibleAt);
        CompactIfStale();
    }

    /// <summary>Replay: puts a message in flight with the state a receive record holds.</summary>
    public void RestoreInFlight(QueuedMessage message, int receiveCount, long visibleAt, long firstReceive, long receivedAt, long nonce)
    {
        if (message.State != MessageState.InFlight)
        {
            CountOut(message);
            InFlightCount++;
            if (IsFifo)
            {
                _groups[message.GroupId ?? string.Empty].InFlight++;
            }
        }

        message.State = MessageState.InFlight;
        message.ReceiveCount = receiveCount;
        message.VisibleAt = visibleAt;
        message.FirstReceiveTimestamp = firstReceive;
        message.ReceivedAt = receivedAt;
        message.ReceiptNonce = nonce;
        message.Version++;
        _timed.Enqueue((message, message.Version), visibleAt);
    }

    /// <summary>Removes messages sent at or before <paramref name="cutoff"/> (retention) into <paramref name="expired"/>.</summary>
    public void Expire(long cutoff, List<QueuedMessage> expired)
    {
        if (_arrival.Count > (2 * _bySeq.Count) + CompactionSlack)
        {
            _arrival = new Queue<QueuedMessage>(_bySeq.Values.OrderBy(m => m.SentTimestamp).ThenBy(m => m.Seq));
        }

        while (_arrival.TryPeek(out var message))
        {
            if (message.State != MessageState.Deleted && message.SentTimestamp > cutoff)
            {
                break;
            }

            _arrival.Dequeue();
            if (message.State != MessageState.Deleted)
            {
                Remove(message);
                expired.Add(message);
            }
        }
    }

    /// <summary>Removes up to <paramref name="max"/> visible messages, in delivery order, for a move task.</summary>
    public void TakeForMove(int max, long now, List<QueuedMessage> taken)
    {
        long nonce = 0;
        var unused = new List<QueuedMessage>();
        Receive(max, now, now, null, ref nonce, taken, unused);
        foreach (var message in taken)
        {
            Remove(message);
        }
    }

}

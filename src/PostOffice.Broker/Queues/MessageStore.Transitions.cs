namespace PostOffice.Broker.Queues;

internal sealed partial class MessageStore
{
    private void ReceiveFromGroups(int max, long now, long visibleUntil, int? maxReceiveCount, ref long nonce, List<QueuedMessage> received, List<QueuedMessage> redriven)
    {
        while (received.Count < max && _readyGroups.TryDequeue(out var group))
        {
            group.InReadyList = false;
            var node = group.Messages.First;
            if (group.InFlight > 0 || group.Messages.Count == 0)
            {
                continue;
            }

            // As many messages of one group as fit, in order: AWS returns a group's messages together.
            while (node is not null && received.Count < max && node.Value.State == MessageState.Ready)
            {
                var message = node.Value;
                node = node.Next;
                if (message.ReceiveCount >= maxReceiveCount)
                {
                    Remove(message);
                    redriven.Add(message);
                    continue;
                }

                MarkInFlight(message, now, visibleUntil, ref nonce);
                group.InFlight++;
                received.Add(message);
            }

            OfferGroup(group);
        }
    }

    private void MarkInFlight(QueuedMessage message, long now, long visibleUntil, ref long nonce)
    {
        CountOut(message);
        InFlightCount++;
        message.State = MessageState.InFlight;
        message.ReceiveCount++;
        if (message.FirstReceiveTimestamp == 0)
        {
            message.FirstReceiveTimestamp = now;
        }

        message.ReceivedAt = now;
        message.VisibleAt = visibleUntil;
        message.ReceiptNonce = ++nonce;
        message.Version++;
        _timed.Enqueue((message, message.Version), visibleUntil);
        CompactIfStale();
    }

    private void MakeReady(QueuedMessage message)
    {
        var wasInFlight = message.State == MessageState.InFlight;
        CountOut(message);
        ReadyCount++;
        message.State = MessageState.Ready;
        message.Version++;
        if (!IsFifo)
        {
            _ready.Enqueue((message, message.Version));
            CompactIfStale();
            return;
        }

        var group = _groups[message.GroupId ?? string.Empty];
        if (wasInFlight)
        {
            group.InFlight--;
        }

        OfferGroup(group);
    }

    private void CountOut(QueuedMessage message)
    {
        switch (message.State)
        {
            case MessageState.Ready: ReadyCount--; break;
            case MessageState.Delayed: DelayedCount--; break;
            case MessageState.InFlight: InFlightCount--; break;
        }
    }

    private void OfferGroup(MessageGroup group)
    {
        if (!group.InReadyList && group.IsAvailable)
        {
            group.InReadyList = true;
            _readyGroups.Enqueue(group);
        }
    }

    /// <summary>
    /// Rebuilds the timing heap and ready list from their own live entries once stale entries outnumber live ones:
    /// the work is proportional to the entries dropped, so amortized O(1) whatever the queue's depth.
    /// </summary>
    private void CompactIfStale()
    {
        if (_timed.Count > (2 * (DelayedCount + InFlightCount)) + CompactionSlack)
        {
            var live = _timed.UnorderedItems.Where(item => IsLive(item.Element)).ToList();
            _timed.Clear();
            _timed.EnqueueRange(live);
        }

        if (!IsFifo && _ready.Count > (2 * ReadyCount) + CompactionSlack)
        {
            var ready = _ready.Where(IsLive).ToList();
            _ready.Clear();
            foreach (var entry in ready)
            {
                _ready.Enqueue(entry);
            }
        }
    }

    private static bool IsLive((QueuedMessage Message, int Version) entry) =>
        entry.Version == entry.Message.Version && entry.Message.State != MessageState.Deleted;
}

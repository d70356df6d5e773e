using System.Diagnostics;

namespace PostOffice.Broker.Queues;

internal sealed partial class MessageStore
{
    /// <summary>
    /// Standard queues (AWS "fair queues"): ready groups take turns, one message each while other groups wait, so a
    /// group with a large backlog gets its share of every receive and no more; its backlog does not delay the
    /// messages of quieter groups. Messages without a MessageGroupId share one list but each counts as a tenant of
    /// its own (AWS: "Each message without a MessageGroupId is treated as belonging to its own distinct tenant"), so
    /// their turn takes all of them. Without any MessageGroupId this is the order messages became ready.
    /// </summary>
    private void ReceiveFromFairGroups(int max, long now, long visibleUntil, int? maxReceiveCount, ref long nonce, List<int> received, List<QueuedMessage> redriven)
    {
        while (received.Count < max && _readyGroups.TryDequeue(out var group))
        {
            group.InReadyList = false;
            while (received.Count < max && group.Head >= 0)
            {
                var slot = group.Head;
                if (Slot(slot).ReceiveCount >= maxReceiveCount)
                {
                    redriven.Add(RemoveDetached(slot));
                    continue;
                }

                MarkInFlight(slot, now, visibleUntil, ref nonce);
                received.Add(slot);
                if (_readyGroups.Count > 0 && group.Id.Length > 0)
                {
                    break; // the next group's turn (each message without a group is a tenant of its own, as in AWS)
                }
            }

            OfferGroup(group);
        }
    }

    private void ReceiveFromFifoGroups(int max, long now, long visibleUntil, int? maxReceiveCount, ref long nonce, List<int> received, List<QueuedMessage> redriven)
    {
        while (received.Count < max && _readyGroups.TryDequeue(out var group))
        {
            group.InReadyList = false;
            if (group.InFlight > 0 || group.Count == 0)
            {
                continue;
            }

            // As many messages of one group as fit, in order: AWS returns a group's messages together.
            var node = group.Head;
            while (node >= 0 && received.Count < max && Slot(node).State == MessageState.Ready)
            {
                var slot = node;
                node = Slot(node).Next;
                if (Slot(slot).ReceiveCount >= maxReceiveCount)
                {
                    redriven.Add(RemoveDetached(slot));
                    continue;
                }

                MarkInFlight(slot, now, visibleUntil, ref nonce);
                group.InFlight++;
                received.Add(slot);
            }

            OfferGroup(group);
        }
    }

    private void MarkInFlight(int slot, long now, long visibleUntil, ref long nonce)
    {
        LeaveState(slot);
        InFlightCount++;
        ref var s = ref Slot(slot);
        s.State = MessageState.InFlight;
        s.ReceiveCount++;
        if (s.FirstReceiveTimestamp == 0)
        {
            s.FirstReceiveTimestamp = now;
        }

        s.ReceivedAt = now;
        s.VisibleAt = visibleUntil;
        s.ReceiptNonce = ++nonce;
        s.Version++;
        _timed.Enqueue((slot, s.Version), visibleUntil);
        CompactIfStale();
    }

    private void MakeReady(int slot)
    {
        ref var s = ref Slot(slot);
        Debug.Assert(s.State is MessageState.Delayed or MessageState.InFlight);
        var wasInFlight = s.State == MessageState.InFlight;
        LeaveState(slot);
        ReadyCount++;
        s.State = MessageState.Ready;
        s.Version++;
        var group = _groups[s.Group]!;
        if (IsFifo)
        {
            if (wasInFlight)
            {
                group.InFlight--;
            }
        }
        else
        {
            Append(group, slot);
        }

        OfferGroup(group);
    }

    /// <summary>Counts a message out of its current state (and, on standard queues, out of its group's ready list).</summary>
    private void LeaveState(int slot)
    {
        ref readonly var s = ref Slot(slot);
        switch (s.State)
        {
            case MessageState.Ready:
                ReadyCount--;
                if (!IsFifo)
                {
                    Unlink(_groups[s.Group]!, slot);
                }

                break;
            case MessageState.Delayed: DelayedCount--; break;
            case MessageState.InFlight: InFlightCount--; break;
        }
    }

    private void OfferGroup(MessageGroup group)
    {
        if (group.InReadyList || group.Head < 0)
        {
            return;
        }

        if (IsFifo && (group.InFlight > 0 || Slot(group.Head).State != MessageState.Ready))
        {
            return;
        }

        group.InReadyList = true;
        _readyGroups.Enqueue(group);
    }

    private void Append(MessageGroup group, int slot)
    {
        ref var s = ref Slot(slot);
        s.Previous = group.Tail;
        s.Next = -1;
        if (group.Tail >= 0)
        {
            Slot(group.Tail).Next = slot;
        }
        else
        {
            group.Head = slot;
        }

        group.Tail = slot;
    }

    private void Unlink(MessageGroup group, int slot)
    {
        ref var s = ref Slot(slot);
        if (s.Previous >= 0)
        {
            Slot(s.Previous).Next = s.Next;
        }
        else
        {
            group.Head = s.Next;
        }

        if (s.Next >= 0)
        {
            Slot(s.Next).Previous = s.Previous;
        }
        else
        {
            group.Tail = s.Previous;
        }

        s.Previous = -1;
        s.Next = -1;
    }

    /// <summary>
    /// Rebuilds the timing heap from its own live entries once stale entries outnumber live ones: the work is
    /// proportional to the entries dropped, so amortized O(1) whatever the queue's depth.
    /// </summary>
    private void CompactIfStale()
    {
        if (_timed.Count > (2 * (DelayedCount + InFlightCount)) + CompactionSlack)
        {
            var live = new List<((int Slot, int Version), long)>(DelayedCount + InFlightCount);
            foreach (var item in _timed.UnorderedItems)
            {
                ref readonly var s = ref Slot(item.Element.Slot);
                if (item.Element.Version == s.Version && s.State != MessageState.Deleted)
                {
                    live.Add(item);
                }
            }

            _timed.Clear();
            _timed.EnqueueRange(live);
        }
    }
}

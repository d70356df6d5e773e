using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using PostOffice.Storage;

namespace PostOffice.Broker.Queues;

/// <summary>
/// The messages of one queue and the structures that find the next ones to deliver, each operation O(1) or
/// O(log n) whatever the depth. Messages are <see cref="MessageSlot"/> structs in slabs, addressed by slot index;
/// every structure holds indices, never object references, so the garbage collector's cost does not grow with the
/// depth. Standard queues serve their message groups in turn (fair queues: a group with a large backlog does not
/// delay the others; messages without a group form one group), each group in the order its messages became ready.
/// FIFO queues serve groups in turn too, each in order, a group blocked while any of its messages is in flight.
/// Delays and visibility timeouts wait in one timing heap; entries made stale by a later change are skipped (each
/// slot carries a version) and the heap is rebuilt when stale entries outnumber live ones.
/// </summary>
/// <remarks>Not thread-safe: the owning queue's lock guards it.</remarks>
internal sealed partial class MessageStore(bool fifo)
{
    private const int CompactionSlack = 1024;
    private const int PageShift = 12;
    private const int PageSize = 1 << PageShift;
    private const int PageMask = PageSize - 1;

    private MessageSlot[][] _pages = [];
    private string?[]?[] _deduplicationIds = [];
    private int _slotCount;
    private int _freeSlot = -1;
    private readonly Dictionary<long, int> _bySeq = [];
    private readonly PriorityQueue<(int Slot, int Version), long> _timed = new();
    private Queue<(int Slot, long Seq)> _arrival = new();
    private readonly Dictionary<string, MessageGroup> _groupsById = new(StringComparer.Ordinal);
    private MessageGroup?[] _groups = new MessageGroup?[4];
    private int _groupCount;
    private readonly Stack<int> _freeGroups = new();
    private readonly Queue<MessageGroup> _readyGroups = new();
    private readonly PayloadArena _payloads = new();

    public bool IsFifo { get; } = fifo;

    public int Count => _bySeq.Count;

    public int ReadyCount { get; private set; }

    public int DelayedCount { get; private set; }

    public int InFlightCount { get; private set; }

    /// <summary>Bytes reserved for resident bodies (whole arena chunks).</summary>
    public long ResidentBytes => _payloads.ReservedBytes;

    /// <summary>The slot of every stored message, in no particular order.</summary>
    public Dictionary<long, int>.ValueCollection Slots => _bySeq.Values;

    /// <summary>Detached copies of every stored message (without bodies), for rare whole-queue operations.</summary>
    public IEnumerable<QueuedMessage> Messages => _bySeq.Values.Select(slot => Detach(slot, withPayload: false));

    /// <summary>A message's state; valid until the message is removed.</summary>
    public ref readonly MessageSlot this[int slot] => ref Slot(slot);

    public bool TryGet(long seq, out int slot) => _bySeq.TryGetValue(seq, out slot);

    public string? GroupId(int slot) => _groups[Slot(slot).Group]!.Id is { Length: > 0 } id ? id : null;

    public string? DeduplicationId(int slot) => _deduplicationIds[slot >> PageShift]?[slot & PageMask];

    /// <summary>A copy of the resident enqueue record, or null when it must be read back from the log.</summary>
    public byte[]? CopyPayload(int slot)
    {
        var location = Slot(slot).Payload;
        return location.IsResident ? _payloads.Get(location).ToArray() : null;
    }

    /// <summary>
    /// A copy of the resident enqueue record in an array rented from <see cref="ArrayPool{T}.Shared"/> (the caller
    /// returns it), or null when it must be read back from the log.
    /// </summary>
    public byte[]? CopyPayloadPooled(int slot, out int length)
    {
        var location = Slot(slot).Payload;
        length = location.Length;
        if (!location.IsResident)
        {
            return null;
        }

        var copy = ArrayPool<byte>.Shared.Rent(location.Length);
        _payloads.Get(location).CopyTo(copy);
        return copy;
    }

    /// <summary>The earliest time a delayed or in-flight message may become visible, if any (a wake-up hint).</summary>
    public long? NextDueTime => _timed.TryPeek(out _, out var due) ? due : null;

    /// <summary>
    /// Stores a message. Its body (<see cref="QueuedMessage.Payload"/>, the enqueue record) is copied into memory
    /// if the resident bodies stay within <paramref name="residentBudget"/> bytes; otherwise it is read back from the
    /// log by position when received.
    /// </summary>
    public int Add(QueuedMessage message, long now, long residentBudget = 0) => Add(message, now, residentBudget, message.Payload);

    /// <inheritdoc cref="Add(QueuedMessage, long, long)"/>
    /// <remarks>The body is <paramref name="payload"/>; it is copied, so the caller may reuse its buffer.</remarks>
    public int Add(QueuedMessage message, long now, long residentBudget, ReadOnlySpan<byte> payload)
    {
        var slot = AllocateSlot();
        ref var s = ref Slot(slot);
        var group = GroupFor(message.GroupId ?? string.Empty);
        s = new MessageSlot
        {
            Seq = message.Seq,
            MessageId = message.MessageId,
            Position = message.Position,
            SentTimestamp = message.SentTimestamp,
            VisibleAt = message.VisibleAt,
            FirstReceiveTimestamp = message.FirstReceiveTimestamp,
            ReceivedAt = message.ReceivedAt,
            ReceiptNonce = message.ReceiptNonce,
            ReceiveCount = message.ReceiveCount,
            Version = s.Version + 1,
            State = MessageState.Delayed, // counted out by MakeReady when visible now
            Group = group.Index,
            Previous = -1,
            Next = -1,
        };
        if (!payload.IsEmpty && _payloads.TryStore(payload, residentBudget, out var location))
        {
            s.Payload = location;
        }

        SetDeduplicationId(slot, message.DeduplicationId);
        _bySeq.Add(message.Seq, slot);
        _arrival.Enqueue((slot, message.Seq));
        group.Count++;
        if (IsFifo)
        {
            Append(group, slot);
        }

        DelayedCount++;
        if (s.VisibleAt > now)
        {
            _timed.Enqueue((slot, s.Version), s.VisibleAt);
        }
        else
        {
            MakeReady(slot);
        }

        return slot;
    }

    /// <summary>Makes every delayed or in-flight message whose time has come visible.</summary>
    public void PromoteDue(long now)
    {
        while (_timed.TryPeek(out var entry, out var due) && due <= now)
        {
            _timed.Dequeue();
            ref readonly var s = ref Slot(entry.Slot);
            if (entry.Version == s.Version && s.State is MessageState.Delayed or MessageState.InFlight)
            {
                MakeReady(entry.Slot);
            }
        }
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> visible messages and puts them in flight until <paramref name="visibleUntil"/>.
    /// Messages already received <paramref name="maxReceiveCount"/> times are removed into <paramref name="redriven"/>
    /// instead (the caller moves them to the dead-letter queue).
    /// </summary>
    public void Receive(int max, long now, long visibleUntil, int? maxReceiveCount, ref long nonce, List<int> received, List<QueuedMessage> redriven)
    {
        PromoteDue(now);
        if (IsFifo)
        {
            ReceiveFromFifoGroups(max, now, visibleUntil, maxReceiveCount, ref nonce, received, redriven);
        }
        else
        {
            ReceiveFromFairGroups(max, now, visibleUntil, maxReceiveCount, ref nonce, received, redriven);
        }
    }

    /// <summary>Deletes a message from every structure (stale heap entries are skipped by version); returns its log position.</summary>
    public LogPosition Remove(int slot)
    {
        ref var s = ref Slot(slot);
        var group = _groups[s.Group]!;
        switch (s.State)
        {
            case MessageState.Ready:
                ReadyCount--;
                if (!IsFifo)
                {
                    Unlink(group, slot);
                }

                break;
            case MessageState.Delayed: DelayedCount--; break;
            case MessageState.InFlight: InFlightCount--; break;
            case MessageState.Deleted: return s.Position;
        }

        var wasInFlight = s.State == MessageState.InFlight;
        s.State = MessageState.Deleted;
        s.Version++;
        _bySeq.Remove(s.Seq);
        _payloads.Free(s.Payload);
        s.Payload = default;
        SetDeduplicationId(slot, null);
        if (IsFifo)
        {
            Unlink(group, slot);
            if (wasInFlight)
            {
                group.InFlight--;
            }
        }

        group.Count--;
        if (group.Count == 0)
        {
            DropGroup(group);
        }
        else if (IsFifo)
        {
            OfferGroup(group);
        }

        var position = s.Position;
        s.Next = _freeSlot;
        _freeSlot = slot;
        return position;
    }

    /// <summary>Removes a message and returns a detached copy of it (with its resident body), for moves and expiry.</summary>
    public QueuedMessage RemoveDetached(int slot)
    {
        var message = Detach(slot, withPayload: true);
        Remove(slot);
        message.State = MessageState.Deleted;
        return message;
    }

    /// <summary>Changes an in-flight message's visibility; at or before <paramref name="now"/> it is visible at once.</summary>
    public void ChangeVisibility(int slot, long now, long visibleAt)
    {
        if (visibleAt <= now)
        {
            MakeReady(slot);
            return;
        }

        ref var s = ref Slot(slot);
        s.VisibleAt = visibleAt;
        s.Version++;
        _timed.Enqueue((slot, s.Version), visibleAt);
        CompactIfStale();
    }

    /// <summary>Replay: puts a message in flight with the state a receive record holds.</summary>
    public void RestoreInFlight(int slot, int receiveCount, long visibleAt, long firstReceive, long receivedAt, long nonce)
    {
        ref var s = ref Slot(slot);
        if (s.State != MessageState.InFlight)
        {
            LeaveState(slot);
            InFlightCount++;
            if (IsFifo)
            {
                _groups[s.Group]!.InFlight++;
            }
        }

        s.State = MessageState.InFlight;
        s.ReceiveCount = receiveCount;
        s.VisibleAt = visibleAt;
        s.FirstReceiveTimestamp = firstReceive;
        s.ReceivedAt = receivedAt;
        s.ReceiptNonce = nonce;
        s.Version++;
        _timed.Enqueue((slot, s.Version), visibleAt);
    }

    /// <summary>Removes messages sent at or before <paramref name="cutoff"/> (retention) into <paramref name="expired"/>.</summary>
    public void Expire(long cutoff, List<QueuedMessage> expired)
    {
        if (_arrival.Count > (2 * _bySeq.Count) + CompactionSlack)
        {
            var live = _bySeq.Values.Select(slot => (Slot: slot, Slot(slot).Seq, Slot(slot).SentTimestamp)).ToList();
            live.Sort((a, b) => a.SentTimestamp != b.SentTimestamp ? a.SentTimestamp.CompareTo(b.SentTimestamp) : a.Seq.CompareTo(b.Seq));
            _arrival = new Queue<(int, long)>(live.Select(entry => (entry.Slot, entry.Seq)));
        }

        while (_arrival.TryPeek(out var entry))
        {
            ref readonly var s = ref Slot(entry.Slot);
            var live = s.State != MessageState.Deleted && s.Seq == entry.Seq;
            if (live && s.SentTimestamp > cutoff)
            {
                break;
            }

            _arrival.Dequeue();
            if (live)
            {
                expired.Add(RemoveDetached(entry.Slot));
            }
        }
    }

    /// <summary>Removes up to <paramref name="max"/> visible messages, in delivery order, for a move task.</summary>
    public void TakeForMove(int max, long now, List<QueuedMessage> taken)
    {
        long nonce = 0;
        var slots = new List<int>();
        Receive(max, now, now, null, ref nonce, slots, taken);
        foreach (var slot in slots)
        {
            taken.Add(RemoveDetached(slot));
        }
    }

    /// <summary>A copy of a stored message, detached from the store (later changes to it do not show).</summary>
    public QueuedMessage Detach(int slot, bool withPayload)
    {
        ref readonly var s = ref Slot(slot);
        return new QueuedMessage
        {
            Seq = s.Seq,
            MessageId = s.MessageId,
            Position = s.Position,
            Payload = withPayload ? CopyPayload(slot) : null,
            SentTimestamp = s.SentTimestamp,
            GroupId = GroupId(slot),
            DeduplicationId = DeduplicationId(slot),
            State = s.State,
            VisibleAt = s.VisibleAt,
            ReceiveCount = s.ReceiveCount,
            FirstReceiveTimestamp = s.FirstReceiveTimestamp,
            ReceivedAt = s.ReceivedAt,
            ReceiptNonce = s.ReceiptNonce,
            Version = s.Version,
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref MessageSlot Slot(int slot) => ref _pages[slot >> PageShift][slot & PageMask];

    private int AllocateSlot()
    {
        if (_freeSlot >= 0)
        {
            var slot = _freeSlot;
            _freeSlot = Slot(slot).Next;
            return slot;
        }

        if ((_slotCount & PageMask) == 0)
        {
            var page = _slotCount >> PageShift;
            if (page == _pages.Length)
            {
                Array.Resize(ref _pages, Math.Max(4, _pages.Length * 2));
                Array.Resize(ref _deduplicationIds, _pages.Length);
            }

            // Written through once now: Add reads a slot (its version) before writing it, and a first read of fresh
            // memory maps the shared zero page, so the write after it faults again and flushes the other cores' TLBs
            // (an interprocessor interrupt per 4 KiB: 3-4% of the CPU under batched sends).
            _pages[page] = new MessageSlot[PageSize];
            _pages[page].AsSpan().Clear();
        }

        return _slotCount++;
    }

    private void SetDeduplicationId(int slot, string? deduplicationId)
    {
        ref var page = ref _deduplicationIds[slot >> PageShift];
        if (page is null)
        {
            if (deduplicationId is null)
            {
                return;
            }

            page = new string?[PageSize];
        }

        page[slot & PageMask] = deduplicationId;
    }

    private MessageGroup GroupFor(string groupId)
    {
        if (_groupsById.TryGetValue(groupId, out var group))
        {
            return group;
        }

        int index;
        if (_freeGroups.Count > 0)
        {
            index = _freeGroups.Pop();
        }
        else
        {
            if (_groupCount == _groups.Length)
            {
                Array.Resize(ref _groups, _groupCount * 2);
            }

            index = _groupCount++;
        }

        group = new MessageGroup(groupId, index);
        _groups[index] = group;
        _groupsById.Add(groupId, group);
        return group;
    }

    private void DropGroup(MessageGroup group)
    {
        Debug.Assert(group.Head < 0 && group.Count == 0);
        _groupsById.Remove(group.Id);
        _groups[group.Index] = null;
        _freeGroups.Push(group.Index);
    }
}

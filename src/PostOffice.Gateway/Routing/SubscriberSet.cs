using System.Diagnostics;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// The non-shared subscriptions of one filter when there are two or more, appended in place so that a filter with a
/// million subscribers (a broadcast topic) costs amortised O(1) per subscribe rather than a copy of every entry.
/// </summary>
/// <remarks>
/// Readers read <see cref="Count"/> and then the slots below it, skipping nulls. The writer (under the tree's lock)
/// writes a slot before publishing the count that covers it, removes by nulling a slot, and never moves a live entry
/// within <see cref="Items"/>, so a reader racing a change misses or sees only the entry being changed. Growth and
/// compaction build a new set and publish it in the node. The index from subscriber to slot is built only for large
/// sets, where a linear search per subscribe would make a broadcast filter quadratic.
/// </remarks>
internal sealed class SubscriberSet<TSubscriber>
    where TSubscriber : class
{
    private const int IndexThreshold = 16;

    public readonly SubscriptionEntry<TSubscriber>?[] Items;

    /// <summary>Slots in use (live or null) in <see cref="Items"/>; read with <see cref="Volatile.Read(ref int)"/>.</summary>
    public int Count;

    private Dictionary<TSubscriber, int>? _index;

    private SubscriberSet(int capacity) => Items = new SubscriptionEntry<TSubscriber>?[capacity];

    /// <summary>Live entries (writer only).</summary>
    public int Live { get; private set; }

    public static SubscriberSet<TSubscriber> Create(ReadOnlySpan<SubscriptionEntry<TSubscriber>> entries, int capacity)
    {
        Debug.Assert(capacity >= entries.Length);
        var set = new SubscriberSet<TSubscriber>(capacity);
        foreach (var entry in entries)
        {
            set.Items[set.Count++] = entry;
        }

        set.Live = set.Count;
        if (set.Live > IndexThreshold)
        {
            set._index = new Dictionary<TSubscriber, int>(set.Live, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < set.Count; i++)
            {
                set._index.Add(set.Items[i]!.Subscriber, i);
            }
        }

        return set;
    }

    public int IndexOfLocked(TSubscriber subscriber)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(subscriber, out var slot) ? slot : -1;
        }

        for (var i = 0; i < Count; i++)
        {
            if (ReferenceEquals(Items[i]?.Subscriber, subscriber))
            {
                return i;
            }
        }

        return -1;
    }

    public void ReplaceLocked(int slot, SubscriptionEntry<TSubscriber> entry) => Volatile.Write(ref Items[slot], entry);

    /// <summary>Appends in place; false when the set is full and the caller must grow it with <see cref="CompactLocked"/>.</summary>
    public bool TryAppendLocked(SubscriptionEntry<TSubscriber> entry)
    {
        if (Count == Items.Length)
        {
            return false;
        }

        Volatile.Write(ref Items[Count], entry);
        _index?.Add(entry.Subscriber, Count);
        Volatile.Write(ref Count, Count + 1);
        Live++;
        return true;
    }

    public void RemoveLocked(int slot)
    {
        var subscriber = Items[slot]!.Subscriber;
        Volatile.Write(ref Items[slot], null);
        _index?.Remove(subscriber);
        Live--;
    }

    /// <summary>True when nulled slots make up most of the set, so it should be rebuilt smaller.</summary>
    public bool IsSparse => Count > 8 && Live * 4 < Count;

    /// <summary>A new set holding the live entries, with room for <paramref name="capacity"/>.</summary>
    public SubscriberSet<TSubscriber> CompactLocked(int capacity)
    {
        var live = new SubscriptionEntry<TSubscriber>[Live];
        var next = 0;
        for (var i = 0; i < Count; i++)
        {
            if (Items[i] is { } entry)
            {
                live[next++] = entry;
            }
        }

        return Create(live, capacity);
    }

    /// <summary>The only live entry, when <see cref="Live"/> is 1.</summary>
    public SubscriptionEntry<TSubscriber> SingleLocked()
    {
        for (var i = 0; i < Count; i++)
        {
            if (Items[i] is { } entry)
            {
                return entry;
            }
        }

        throw new UnreachableException();
    }
}

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// An open-addressing hash set of child nodes keyed by level text, written under the owner's lock and probed by readers
/// without one.
/// </summary>
/// <remarks>
/// Safe for lock-free readers because a slot only ever changes between null, a node and <see cref="Tombstone"/> by one
/// reference write, live nodes never move within an array, and a resize fills a new array before publishing it. A
/// reader that raced an insert or a removal sees the table before or after that one change. At most three quarters of
/// the slots are used (live or tombstone), so every probe reaches a null slot.
/// </remarks>
internal sealed class ChildTable
{
    /// <summary>Marks a removed child so probes for later entries of the chain continue past it.</summary>
    public static readonly TrieNode Tombstone = new TombstoneNode();

    private const int MinimumCapacity = 16;

    private TrieNode?[] _slots;

    /// <summary>Live children plus tombstones in <see cref="_slots"/>.</summary>
    private int _used;

    public ChildTable(TrieNode[] children, TrieNode extra)
    {
        _slots = new TrieNode?[CapacityFor(children.Length + 1)];
        foreach (var child in children)
        {
            Insert(_slots, child);
        }

        Insert(_slots, extra);
        Count = children.Length + 1;
        _used = Count;
    }

    public int Count { get; private set; }

    public TrieNode?[] Slots => Volatile.Read(ref _slots);

    public static bool IsLive([NotNullWhen(true)] TrieNode? node) => node is not null && !ReferenceEquals(node, Tombstone);

    public TrieNode? Find(ReadOnlySpan<char> level, int hash)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        for (int i = hash & mask, probes = 0; probes < slots.Length; i = (i + 1) & mask, probes++)
        {
            var node = Volatile.Read(ref slots[i]);
            if (node is null)
            {
                return null;
            }

            if (node.LevelHash == hash && !ReferenceEquals(node, Tombstone) && node.Level.SequenceEqual(level))
            {
                return node;
            }
        }

        return null;
    }

    public void AddLocked(TrieNode child)
    {
        if ((_used + 1) * 4 > _slots.Length * 3)
        {
            Rehash(CapacityFor(Count + 1));
        }

        if (Insert(_slots, child))
        {
            _used++;
        }

        Count++;
    }

    public void RemoveLocked(TrieNode child)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = child.LevelHash & mask;
        while (!ReferenceEquals(slots[i], child))
        {
            Debug.Assert(slots[i] is not null, "the child is in the table");
            i = (i + 1) & mask;
        }

        Volatile.Write(ref slots[i], Tombstone);
        Count--;
        // Give memory back once the table is mostly empty (a hub whose devices went away).
        if (slots.Length > MinimumCapacity && Count * 8 < slots.Length)
        {
            Rehash(CapacityFor(Count));
        }
    }

    public TrieNode[] ToArray()
    {
        var array = new TrieNode[Count];
        var next = 0;
        foreach (var node in _slots)
        {
            if (IsLive(node))
            {
                array[next++] = node;
            }
        }

        return array;
    }

    /// <summary>Room for <paramref name="count"/> children at most half full, leaving growth before the next resize.</summary>
    private static int CapacityFor(int count) => Math.Max(MinimumCapacity, (int)BitOperations.RoundUpToPowerOf2((uint)count * 2));

    /// <summary>Places a child in the first free slot of its chain; true when that slot was null rather than a tombstone.</summary>
    private static bool Insert(TrieNode?[] slots, TrieNode child)
    {
        var mask = slots.Length - 1;
        var i = child.LevelHash & mask;
        while (IsLive(slots[i]))
        {
            i = (i + 1) & mask;
        }

        var wasNull = slots[i] is null;
        Volatile.Write(ref slots[i], child);
        return wasNull;
    }

    private void Rehash(int capacity)
    {
        var slots = new TrieNode?[capacity];
        foreach (var node in _slots)
        {
            if (IsLive(node))
            {
                Insert(slots, node);
            }
        }

        Volatile.Write(ref _slots, slots);
        _used = Count;
    }

    private sealed class TombstoneNode() : TrieNode(string.Empty, 0, 0);
}

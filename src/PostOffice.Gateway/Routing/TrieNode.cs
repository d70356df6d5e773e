using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// One topic level of a trie and its literal children. Writers mutate under their owner's lock and publish with
/// volatile writes; readers take no lock.
/// </summary>
/// <remarks>
/// The level text is a slice of the filter or topic string that created the node, so no substring is allocated per
/// level (with a million device subscriptions, that string is one the caller keeps anyway). Up to
/// <see cref="MaxLinearChildren"/> children live in an exact-size array that is copied on change and searched
/// linearly; above that, in a <see cref="ChildTable"/>, whose open addressing costs about two references per child
/// and which readers probe while the writer inserts in place.
/// </remarks>
internal abstract class TrieNode
{
    public const int MaxLinearChildren = 8;

    private readonly string _levelSource;
    private readonly int _levelStart;
    private readonly int _levelLength;

    /// <summary>null, an exact-size <see cref="TrieNode"/>[] or a <see cref="ChildTable"/>.</summary>
    private object? _children;

    protected TrieNode(string levelSource, int levelStart, int levelLength)
    {
        _levelSource = levelSource;
        _levelStart = levelStart;
        _levelLength = levelLength;
        LevelHash = HashLevel(Level);
    }

    public int LevelHash { get; }

    public ReadOnlySpan<char> Level => _levelSource.AsSpan(_levelStart, _levelLength);

    public bool HasChildren => Volatile.Read(ref _children) is not null;

    /// <summary>
    /// Randomised per process (Marvin), so clients choosing topic levels cannot aim them all at one probe chain.
    /// </summary>
    public static int HashLevel(ReadOnlySpan<char> level) => string.GetHashCode(level);

    /// <summary>The end of the level that starts at <paramref name="start"/>: the next '/' or the end of the string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LevelEnd(string topic, int start)
    {
        var separator = topic.AsSpan(start).IndexOf('/');
        return separator < 0 ? topic.Length : start + separator;
    }

    public TrieNode? FindChild(ReadOnlySpan<char> level)
    {
        var children = Volatile.Read(ref _children);
        if (children is null)
        {
            return null;
        }

        if (children is ChildTable table)
        {
            return table.Find(level, HashLevel(level));
        }

        // Only this class stores into _children, and only these two types.
        foreach (var child in Unsafe.As<TrieNode[]>(children))
        {
            if (child.Level.SequenceEqual(level))
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>
    /// The children as an array a reader can walk without a lock. Entries that are null or
    /// <see cref="ChildTable.Tombstone"/> are not children (see <see cref="ChildTable.IsLive"/>).
    /// </summary>
    public TrieNode?[] ChildrenSnapshot()
    {
        var children = Volatile.Read(ref _children);
        return children switch
        {
            null => [],
            ChildTable table => table.Slots,
            _ => Unsafe.As<TrieNode[]>(children),
        };
    }

    public void AddChildLocked(TrieNode child)
    {
        Debug.Assert(FindChild(child.Level) is null);
        switch (_children)
        {
            case null:
                Volatile.Write(ref _children, new[] { child });
                break;
            case ChildTable table:
                table.AddLocked(child);
                break;
            case TrieNode[] array when array.Length < MaxLinearChildren:
                var grown = new TrieNode[array.Length + 1];
                array.CopyTo(grown, 0);
                grown[^1] = child;
                Volatile.Write(ref _children, grown);
                break;
            case TrieNode[] array:
                Volatile.Write(ref _children, new ChildTable(array, child));
                break;
        }
    }

    public void RemoveChildLocked(TrieNode child)
    {
        switch (_children)
        {
            case ChildTable table:
                table.RemoveLocked(child);
                // Back to an array well below the threshold, so a node hovering around it does not flip every time.
                if (table.Count <= MaxLinearChildren / 2)
                {
                    Volatile.Write(ref _children, table.ToArray());
                }

                break;
            case TrieNode[] array:
                var index = Array.IndexOf(array, child);
                Debug.Assert(index >= 0);
                if (array.Length == 1)
                {
                    Volatile.Write(ref _children, null);
                    break;
                }

                var shrunk = new TrieNode[array.Length - 1];
                Array.Copy(array, 0, shrunk, 0, index);
                Array.Copy(array, index + 1, shrunk, index, array.Length - index - 1);
                Volatile.Write(ref _children, shrunk);
                break;
        }
    }
}

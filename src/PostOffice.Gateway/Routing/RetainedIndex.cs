using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// The retained message of each topic (3.3.1.3), in a trie of topic levels so a new subscription finds the messages
/// its filter matches by walking the filter's levels rather than scanning every topic.
/// </summary>
/// <remarks>
/// Writers take one lock; <see cref="TryGet"/>, <see cref="Match"/> and <see cref="EnumerateEntries"/> take none and
/// see each topic's value before or after a concurrent change. Keeping or dropping a message (a zero-length payload
/// removes it [MQTT-3.3.1-6], and is not stored [MQTT-3.3.1-7]) is the caller's decision.
/// </remarks>
public sealed class RetainedIndex<TValue>
    where TValue : class
{
    private const int MaximumRetainedPathCapacity = 64;

    private readonly Lock _gate = new();
    private readonly RetainedNode<TValue> _root = new(string.Empty, 0, 0);

    /// <summary>Scratch for Remove: the nodes from the root to the topic's node, reused under the lock.</summary>
    private readonly List<RetainedNode<TValue>> _pathLocked = [];

    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Nodes below the root; zero again once every message is removed.</summary>
    internal int NodeCount
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                var pending = new Stack<RetainedNode<TValue>>();
                pending.Push(_root);
                while (pending.TryPop(out var node))
                {
                    foreach (var child in node.ChildrenSnapshot())
                    {
                        if (ChildTable.IsLive(child))
                        {
                            pending.Push(Unsafe.As<RetainedNode<TValue>>(child));
                            count++;
                        }
                    }
                }

                return count;
            }
        }
    }

    /// <summary>Stores the topic's retained message, replacing the one before [MQTT-3.3.1-5]; true when it replaced one.</summary>
    /// <exception cref="ArgumentException">The topic name is empty or holds a wildcard.</exception>
    public bool Set(string topicName, TValue value)
    {
        ArgumentNullException.ThrowIfNull(topicName);
        ArgumentNullException.ThrowIfNull(value);
        if (!MqttTopic.IsValidTopicName(topicName))
        {
            RoutingThrow.InvalidTopicName(topicName, nameof(topicName));
        }

        lock (_gate)
        {
            var node = _root;
            var position = 0;
            while (true)
            {
                var end = TrieNode.LevelEnd(topicName, position);
                var level = topicName.AsSpan(position, end - position);
                var next = Unsafe.As<RetainedNode<TValue>?>(node.FindChild(level));
                if (next is null)
                {
                    next = new RetainedNode<TValue>(topicName, position, end - position);
                    node.AddChildLocked(next);
                }

                node = next;
                if (end == topicName.Length)
                {
                    break;
                }

                position = end + 1;
            }

            var replaced = node.SetLocked(topicName, value);
            if (!replaced)
            {
                Volatile.Write(ref _count, _count + 1);
            }

            return replaced;
        }
    }

    /// <summary>Drops the topic's retained message and prunes the nodes left empty; false when it had none.</summary>
    public bool Remove(string topicName)
    {
        ArgumentNullException.ThrowIfNull(topicName);
        lock (_gate)
        {
            var path = _pathLocked;
            try
            {
                var node = FindNode(topicName, path);
                if (node is null || !node.SetLocked(topicName, null))
                {
                    return false;
                }

                Volatile.Write(ref _count, _count - 1);
                for (var i = path.Count - 1; i > 0 && path[i].IsEmptyLocked; i--)
                {
                    path[i - 1].RemoveChildLocked(path[i]);
                }

                return true;
            }
            finally
            {
                path.Clear();
                // A filter of thousands of levels must not pin a large scratch array for the life of the tree.
                if (path.Capacity > MaximumRetainedPathCapacity)
                {
                    path.Capacity = MaximumRetainedPathCapacity;
                }
            }
        }
    }

    public bool TryGet(string topicName, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(topicName);
        var node = FindNode(topicName, path: null);
        if (node is not null && node.TryGet(out _, out value))
        {
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> for every retained message whose topic matches <paramref name="topicFilter"/>,
    /// visiting only the branches of the trie the filter can match.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The filter is invalid, or is a shared subscription: retained messages go only to new non-shared subscriptions (3.3.1.3).
    /// </exception>
    public void Match<TVisitor>(string topicFilter, ref TVisitor visitor)
        where TVisitor : struct, IRetainedVisitor<TValue>
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        if (!MqttTopic.IsValidTopicFilter(topicFilter))
        {
            RoutingThrow.InvalidTopicFilter(topicFilter, nameof(topicFilter));
        }

        if (MqttTopic.IsSharedSubscription(topicFilter))
        {
            RoutingThrow.SharedFilterNotAllowed(topicFilter, nameof(topicFilter));
        }

        // A work list rather than recursion: topics of thousands of levels are valid, and the walk must not run out of stack.
        var pending = new Stack<(RetainedNode<TValue> Node, int Position)>();
        pending.Push((_root, 0));
        while (pending.TryPop(out var item))
        {
            var (node, position) = item;
            if (position > topicFilter.Length)
            {
                Visit(node, ref visitor);
                continue;
            }

            var end = TrieNode.LevelEnd(topicFilter, position);
            var level = topicFilter.AsSpan(position, end - position);
            // [MQTT-4.7.2-1]: a wildcard in the first level does not match topics starting with '$'.
            var skipDollar = ReferenceEquals(node, _root);
            if (level is "#")
            {
                // "sport/#" matches "sport" itself (4.7.1.2); the root holds no message.
                Visit(node, ref visitor);
                VisitDescendants(node, skipDollar, ref visitor);
            }
            else if (level is "+")
            {
                foreach (var child in node.ChildrenSnapshot())
                {
                    if (ChildTable.IsLive(child) && !(skipDollar && child.Level.StartsWith('$')))
                    {
                        pending.Push((Unsafe.As<RetainedNode<TValue>>(child), end + 1));
                    }
                }
            }
            else if (node.FindChild(level) is { } child)
            {
                pending.Push((Unsafe.As<RetainedNode<TValue>>(child), end + 1));
            }
        }
    }

    /// <summary>
    /// Every retained message, for snapshots. Takes no lock: a message set or removed during the enumeration may or
    /// may not appear; every other one appears once.
    /// </summary>
    public IEnumerable<KeyValuePair<string, TValue>> EnumerateEntries()
    {
        var pending = new Stack<RetainedNode<TValue>>();
        pending.Push(_root);
        while (pending.TryPop(out var node))
        {
            if (node.TryGet(out var topicName, out var value))
            {
                yield return new KeyValuePair<string, TValue>(topicName, value);
            }

            PushChildren(pending, node, skipDollar: false);
        }
    }

    private static void Visit<TVisitor>(RetainedNode<TValue> node, ref TVisitor visitor)
        where TVisitor : struct, IRetainedVisitor<TValue>
    {
        if (node.TryGet(out var topicName, out var value))
        {
            visitor.OnRetained(topicName, value);
        }
    }

    private static void VisitDescendants<TVisitor>(RetainedNode<TValue> node, bool skipDollar, ref TVisitor visitor)
        where TVisitor : struct, IRetainedVisitor<TValue>
    {
        var pending = new Stack<RetainedNode<TValue>>();
        PushChildren(pending, node, skipDollar);
        while (pending.TryPop(out var descendant))
        {
            Visit(descendant, ref visitor);
            PushChildren(pending, descendant, skipDollar: false);
        }
    }

    private static void PushChildren(Stack<RetainedNode<TValue>> pending, RetainedNode<TValue> node, bool skipDollar)
    {
        foreach (var child in node.ChildrenSnapshot())
        {
            if (ChildTable.IsLive(child) && !(skipDollar && child.Level.StartsWith('$')))
            {
                pending.Push(Unsafe.As<RetainedNode<TValue>>(child));
            }
        }
    }

    /// <summary>The topic's node, if it exists; fills <paramref name="path"/> (when given) with the nodes from the root.</summary>
    private RetainedNode<TValue>? FindNode(string topicName, List<RetainedNode<TValue>>? path)
    {
        var node = _root;
        path?.Add(node);
        var position = 0;
        while (true)
        {
            var end = TrieNode.LevelEnd(topicName, position);
            var child = node.FindChild(topicName.AsSpan(position, end - position));
            if (child is null)
            {
                return null;
            }

            node = Unsafe.As<RetainedNode<TValue>>(child);
            path?.Add(node);
            if (end == topicName.Length)
            {
                return node;
            }

            position = end + 1;
        }
    }
}

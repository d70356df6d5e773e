using System.Runtime.CompilerServices;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// Every session's Topic Filters, arranged as a trie of topic levels, matched against the Topic Name of each
/// published message (4.7). Shared subscriptions (4.8.2) form one <see cref="SharedGroup{TSubscriber}"/> per share
/// name and filter.
/// </summary>
/// <remarks>
/// Subscribe and Unsubscribe take one lock; <see cref="Match"/> takes none and runs on any number of threads at once.
/// Writers publish every change with one volatile reference write (see <see cref="TrieNode"/>,
/// <see cref="SubscriberSet{TSubscriber}"/>), so a match racing a subscribe may or may not see it, and sees every
/// subscription that no writer is touching. Subscribers are compared by reference.
/// </remarks>
public sealed partial class SubscriptionTree<TSubscriber>
    where TSubscriber : class
{
    private const string SharePrefix = "$share/";

    private const int MaximumRetainedPathCapacity = 64;

    private readonly Lock _gate = new();
    private readonly SubscriptionNode<TSubscriber> _root = new(string.Empty, 0, 0);

    /// <summary>Scratch for Unsubscribe: the nodes from the root to the filter's node, reused under the lock.</summary>
    private readonly List<SubscriptionNode<TSubscriber>> _pathLocked = [];

    private int _count;

    /// <summary>Subscriptions held: one per (subscriber, filter), shared group members included.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Nodes below the root; zero again once every subscription is gone.</summary>
    internal int NodeCount
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                var pending = new Stack<SubscriptionNode<TSubscriber>>();
                pending.Push(_root);
                while (pending.TryPop(out var node))
                {
                    PushIfNotNull(pending, node.PlusChild, ref count);
                    PushIfNotNull(pending, node.HashChild, ref count);
                    foreach (var child in node.ChildrenSnapshot())
                    {
                        if (ChildTable.IsLive(child))
                        {
                            PushIfNotNull(pending, Unsafe.As<SubscriptionNode<TSubscriber>>(child), ref count);
                        }
                    }
                }

                return count;
            }

            static void PushIfNotNull(Stack<SubscriptionNode<TSubscriber>> pending, SubscriptionNode<TSubscriber>? node, ref int count)
            {
                if (node is not null)
                {
                    pending.Push(node);
                    count++;
                }
            }
        }
    }

    /// <summary>
    /// Adds the subscription, or replaces the options of the same subscriber's subscription to the identical filter
    /// [MQTT-3.8.4-3]; true when it replaced one. A "$share/{ShareName}/{filter}" filter joins that shared group.
    /// </summary>
    /// <exception cref="ArgumentException">The filter breaks 4.7.1 or 4.8.2 (the caller answers SUBACK 0x8F first).</exception>
    public bool Subscribe(string topicFilter, TSubscriber subscriber, SubscriptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        ArgumentNullException.ThrowIfNull(subscriber);
        // [MQTT-4.7.1-1] [MQTT-4.7.1-2] [MQTT-4.7.3-1] and, for "$share/", [MQTT-4.8.2-1] [MQTT-4.8.2-2].
        if (!MqttTopic.IsValidTopicFilter(topicFilter))
        {
            RoutingThrow.InvalidTopicFilter(topicFilter, nameof(topicFilter));
        }

        var filterStart = SplitShare(topicFilter, out var shareNameLength);
        var entry = new SubscriptionEntry<TSubscriber>(subscriber, options);
        lock (_gate)
        {
            var node = GetOrCreateNodeLocked(topicFilter, filterStart);
            var replaced = shareNameLength < 0
                ? AddOrReplaceLocked(node, entry)
                : GetOrCreateGroupLocked(node, topicFilter, shareNameLength, filterStart).AddOrReplaceLocked(entry);
            if (!replaced)
            {
                Volatile.Write(ref _count, _count + 1);
            }

            return replaced;
        }
    }

    /// <summary>
    /// Removes the subscriber's subscription to exactly this filter (3.10.4) and prunes the nodes left empty; false
    /// when there was none (an invalid filter never has one).
    /// </summary>
    public bool Unsubscribe(string topicFilter, TSubscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        ArgumentNullException.ThrowIfNull(subscriber);
        if (!MqttTopic.IsValidTopicFilter(topicFilter))
        {
            return false;
        }

        var filterStart = SplitShare(topicFilter, out var shareNameLength);
        lock (_gate)
        {
            var path = _pathLocked;
            try
            {
                if (!TryFindPathLocked(topicFilter, filterStart, path))
                {
                    return false;
                }

                var node = path[^1];
                var removed = shareNameLength < 0
                    ? RemoveLocked(node, subscriber)
                    : RemoveFromGroupLocked(node, topicFilter.AsSpan(SharePrefix.Length, shareNameLength), subscriber);
                if (removed)
                {
                    Volatile.Write(ref _count, _count - 1);
                    PruneLocked(path);
                }

                return removed;
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

    /// <summary>Where the filter proper starts; <paramref name="shareNameLength"/> is -1 for a non-shared filter.</summary>
    private static int SplitShare(string topicFilter, out int shareNameLength)
    {
        if (!MqttTopic.IsSharedSubscription(topicFilter))
        {
            shareNameLength = -1;
            return 0;
        }

        // Validated: a non-empty ShareName, then '/', then a filter.
        shareNameLength = topicFilter.AsSpan(SharePrefix.Length).IndexOf('/');
        return SharePrefix.Length + shareNameLength + 1;
    }

    private SubscriptionNode<TSubscriber> GetOrCreateNodeLocked(string topicFilter, int position)
    {
        var node = _root;
        while (true)
        {
            var end = TrieNode.LevelEnd(topicFilter, position);
            var level = topicFilter.AsSpan(position, end - position);
            SubscriptionNode<TSubscriber>? next;
            if (level is "+")
            {
                next = node.PlusChild;
                if (next is null)
                {
                    next = new SubscriptionNode<TSubscriber>(topicFilter, position, 1);
                    node.SetPlusChildLocked(next);
                }
            }
            else if (level is "#")
            {
                next = node.HashChild;
                if (next is null)
                {
                    next = new SubscriptionNode<TSubscriber>(topicFilter, position, 1);
                    node.SetHashChildLocked(next);
                }
            }
            else
            {
                next = Unsafe.As<SubscriptionNode<TSubscriber>?>(node.FindChild(level));
                if (next is null)
                {
                    next = new SubscriptionNode<TSubscriber>(topicFilter, position, end - position);
                    node.AddChildLocked(next);
                }
            }

            if (end == topicFilter.Length)
            {
                return next;
            }

            node = next;
            position = end + 1;
        }
    }

    /// <summary>Fills <paramref name="path"/> with the nodes from the root to the filter's node; false when it does not exist.</summary>
    private bool TryFindPathLocked(string topicFilter, int position, List<SubscriptionNode<TSubscriber>> path)
    {
        var node = _root;
        path.Add(node);
        while (true)
        {
            var end = TrieNode.LevelEnd(topicFilter, position);
            var level = topicFilter.AsSpan(position, end - position);
            var next = level switch
            {
                "+" => node.PlusChild,
                "#" => node.HashChild,
                _ => Unsafe.As<SubscriptionNode<TSubscriber>?>(node.FindChild(level)),
            };
            if (next is null)
            {
                return false;
            }

            path.Add(next);
            if (end == topicFilter.Length)
            {
                return true;
            }

            node = next;
            position = end + 1;
        }
    }

    /// <summary>Detaches empty nodes from the leaf upwards so memory returns when subscriptions go.</summary>
    private static void PruneLocked(List<SubscriptionNode<TSubscriber>> path)
    {
        for (var i = path.Count - 1; i > 0; i--)
        {
            var node = path[i];
            if (!node.IsEmptyLocked)
            {
                return;
            }

            var parent = path[i - 1];
            if (ReferenceEquals(parent.PlusChild, node))
            {
                parent.SetPlusChildLocked(null);
            }
            else if (ReferenceEquals(parent.HashChild, node))
            {
                parent.SetHashChildLocked(null);
            }
            else
            {
                parent.RemoveChildLocked(node);
            }
        }
    }

    private static bool AddOrReplaceLocked(SubscriptionNode<TSubscriber> node, SubscriptionEntry<TSubscriber> entry)
    {
        switch (node.Subscriptions)
        {
            case null:
                Volatile.Write(ref node.Subscriptions, entry);
                return false;
            case SubscriptionEntry<TSubscriber> single when ReferenceEquals(single.Subscriber, entry.Subscriber):
                Volatile.Write(ref node.Subscriptions, entry);
                return true;
            case SubscriptionEntry<TSubscriber> single:
                Volatile.Write(ref node.Subscriptions, SubscriberSet<TSubscriber>.Create([single, entry], 4));
                return false;
            default:
                var set = Unsafe.As<SubscriberSet<TSubscriber>>(node.Subscriptions);
                var slot = set.IndexOfLocked(entry.Subscriber);
                if (slot >= 0)
                {
                    set.ReplaceLocked(slot, entry);
                    return true;
                }

                if (!set.TryAppendLocked(entry))
                {
                    // Doubling keeps appends amortised O(1) for a filter with very many subscribers.
                    var grown = set.CompactLocked(Math.Max(4, set.Live * 2));
                    grown.TryAppendLocked(entry);
                    Volatile.Write(ref node.Subscriptions, grown);
                }

                return false;
        }
    }

    private static bool RemoveLocked(SubscriptionNode<TSubscriber> node, TSubscriber subscriber)
    {
        switch (node.Subscriptions)
        {
            case SubscriptionEntry<TSubscriber> single when ReferenceEquals(single.Subscriber, subscriber):
                Volatile.Write(ref node.Subscriptions, null);
                return true;
            case SubscriberSet<TSubscriber> set:
                var slot = set.IndexOfLocked(subscriber);
                if (slot < 0)
                {
                    return false;
                }

                set.RemoveLocked(slot);
                if (set.Live == 1)
                {
                    Volatile.Write(ref node.Subscriptions, set.SingleLocked());
                }
                else if (set.IsSparse)
                {
                    Volatile.Write(ref node.Subscriptions, set.CompactLocked(set.Live * 2));
                }

                return true;
            default:
                return false;
        }
    }

    private static SharedGroup<TSubscriber> GetOrCreateGroupLocked(
        SubscriptionNode<TSubscriber> node, string topicFilter, int shareNameLength, int filterStart)
    {
        var shareName = topicFilter.AsSpan(SharePrefix.Length, shareNameLength);
        var groups = node.SharedGroups ?? [];
        foreach (var existing in groups)
        {
            if (shareName.SequenceEqual(existing.ShareName))
            {
                return existing;
            }
        }

        var group = new SharedGroup<TSubscriber>(shareName.ToString(), topicFilter[filterStart..]);
        node.SetSharedGroupsLocked([.. groups, group]);
        return group;
    }

    private static bool RemoveFromGroupLocked(SubscriptionNode<TSubscriber> node, ReadOnlySpan<char> shareName, TSubscriber subscriber)
    {
        var groups = node.SharedGroups;
        if (groups is null)
        {
            return false;
        }

        for (var i = 0; i < groups.Length; i++)
        {
            var group = groups[i];
            if (!shareName.SequenceEqual(group.ShareName))
            {
                continue;
            }

            if (!group.RemoveLocked(subscriber))
            {
                return false;
            }

            if (group.IsEmptyLocked)
            {
                node.SetSharedGroupsLocked(groups.Length == 1 ? null : [.. groups[..i], .. groups[(i + 1)..]]);
            }

            return true;
        }

        return false;
    }
}

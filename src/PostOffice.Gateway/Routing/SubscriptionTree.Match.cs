using System.Runtime.CompilerServices;

namespace PostOffice.Gateway.Routing;

public sealed partial class SubscriptionTree<TSubscriber>
{
    /// <summary>'+' levels matched recursively before each further level checks the stack.</summary>
    private const int ShallowRecursionDepth = 32;

    /// <summary>
    /// Calls <paramref name="visitor"/> for every subscription whose filter matches <paramref name="topicName"/>, and
    /// once for every matching shared group. Allocates nothing and takes no lock. A subscriber with overlapping
    /// filters is visited once per matching filter; merging those is the caller's job.
    /// </summary>
    /// <remarks>The topic name is taken as validated (4.7.3); '+' or '#' in it are compared as plain characters.</remarks>
    public void Match<TVisitor>(string topicName, ref TVisitor visitor)
        where TVisitor : struct, ISubscriptionVisitor<TSubscriber>
    {
        ArgumentNullException.ThrowIfNull(topicName);
        if (!topicName.StartsWith('$'))
        {
            MatchFrom(_root, topicName, 0, depth: 0, ref visitor);
            return;
        }

        // [MQTT-4.7.2-1]: a filter starting with a wildcard does not match a Topic Name starting with '$', so only
        // the literal first level of the root takes part.
        var end = TrieNode.LevelEnd(topicName, 0);
        if (_root.FindChild(topicName.AsSpan(0, end)) is { } child)
        {
            MatchFrom(Unsafe.As<SubscriptionNode<TSubscriber>>(child), topicName, end + 1, depth: 0, ref visitor);
        }
    }

    /// <summary>
    /// Matches the levels of <paramref name="topicName"/> from <paramref name="position"/> (past its end once every
    /// level is consumed) below <paramref name="node"/>. Follows the literal child in a loop and recurses only into
    /// '+' children, so the depth of recursion is bounded by the '+' levels of the subscribed filters.
    /// </summary>
    private static void MatchFrom<TVisitor>(SubscriptionNode<TSubscriber> node, string topicName, int position, int depth, ref TVisitor visitor)
        where TVisitor : struct, ISubscriptionVisitor<TSubscriber>
    {
        while (true)
        {
            var extras = node.ReadExtras();
            // '#' matches the remaining levels, none included: "sport/#" matches "sport" too (4.7.1.2).
            if (extras?.HashChild is { } hash)
            {
                VisitSubscriptions(hash, ref visitor);
            }

            if (position > topicName.Length)
            {
                VisitSubscriptions(node, ref visitor);
                return;
            }

            var end = TrieNode.LevelEnd(topicName, position);
            // '+' matches exactly one level, an empty one included (4.7.1.3).
            if (extras?.PlusChild is { } plus)
            {
                // Filters of thousands of '+' levels are valid; fail this match rather than the process. Shallow
                // recursion, every real filter's, skips the check.
                if (depth >= ShallowRecursionDepth)
                {
                    RuntimeHelpers.EnsureSufficientExecutionStack();
                }

                MatchFrom(plus, topicName, end + 1, depth + 1, ref visitor);
            }

            var child = node.FindChild(topicName.AsSpan(position, end - position));
            if (child is null)
            {
                return;
            }

            node = Unsafe.As<SubscriptionNode<TSubscriber>>(child);
            position = end + 1;
        }
    }

    private static void VisitSubscriptions<TVisitor>(SubscriptionNode<TSubscriber> node, ref TVisitor visitor)
        where TVisitor : struct, ISubscriptionVisitor<TSubscriber>
    {
        var subscriptions = Volatile.Read(ref node.Subscriptions);
        if (subscriptions is SubscriptionEntry<TSubscriber> single)
        {
            visitor.OnSubscription(single.Subscriber, in single.Options);
        }
        else if (subscriptions is not null)
        {
            var set = Unsafe.As<SubscriberSet<TSubscriber>>(subscriptions);
            var items = set.Items;
            var count = Volatile.Read(ref set.Count);
            for (var i = 0; i < count; i++)
            {
                if (Volatile.Read(ref items[i]) is { } entry)
                {
                    visitor.OnSubscription(entry.Subscriber, in entry.Options);
                }
            }
        }

        if (node.SharedGroups is { } groups)
        {
            foreach (var group in groups)
            {
                visitor.OnSharedGroup(group);
            }
        }
    }
}

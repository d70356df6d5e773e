namespace PostOffice.Gateway.Routing;

/// <summary>
/// A node of the subscription tree: the filter ending at this level owns its subscriptions and shared groups; the
/// '+' and '#' children are fields so a match reaches them without a lookup.
/// </summary>
/// <remarks>Every field is written under the tree's lock with a volatile write and read by matchers without a lock.</remarks>
internal sealed class SubscriptionNode<TSubscriber>(string levelSource, int levelStart, int levelLength)
    : TrieNode(levelSource, levelStart, levelLength)
    where TSubscriber : class
{
    public SubscriptionNode<TSubscriber>? PlusChild;

    public SubscriptionNode<TSubscriber>? HashChild;

    /// <summary>null, one <see cref="SubscriptionEntry{TSubscriber}"/> (the common case: a device's own topic) or a <see cref="SubscriberSet{TSubscriber}"/>.</summary>
    public object? Subscriptions;

    /// <summary>Copied on change: a filter rarely has more than a few share names.</summary>
    public SharedGroup<TSubscriber>[]? SharedGroups;

    public bool IsEmptyLocked =>
        Subscriptions is null && SharedGroups is null && PlusChild is null && HashChild is null && !HasChildren;
}

namespace PostOffice.Gateway.Routing;

/// <summary>
/// A node of the subscription tree: the filter ending at this level owns its subscriptions and shared groups.
/// </summary>
/// <remarks>
/// Every field is written under the tree's lock with a volatile write and read by matchers without a lock. The '+'
/// and '#' children and the shared groups, which most nodes (a device's own topic) never have, live in a separate
/// <see cref="Extras"/> object so they cost those nodes one reference rather than three.
/// </remarks>
internal sealed class SubscriptionNode<TSubscriber>(string levelSource, int levelStart, int levelLength)
    : TrieNode(levelSource, levelStart, levelLength)
    where TSubscriber : class
{
    /// <summary>null, one <see cref="SubscriptionEntry{TSubscriber}"/> (the common case: a device's own topic) or a <see cref="SubscriberSet{TSubscriber}"/>.</summary>
    public object? Subscriptions;

    private Extras? _extras;

    public SubscriptionNode<TSubscriber>? PlusChild => Volatile.Read(ref _extras)?.PlusChild;

    public SubscriptionNode<TSubscriber>? HashChild => Volatile.Read(ref _extras)?.HashChild;

    public SharedGroup<TSubscriber>[]? SharedGroups => Volatile.Read(ref _extras)?.SharedGroups;

    public bool IsEmptyLocked => Subscriptions is null && _extras is null && !HasChildren;

    /// <summary>For matchers: the wildcard children and shared groups, or null when the node has none.</summary>
    public Extras? ReadExtras() => Volatile.Read(ref _extras);

    public void SetPlusChildLocked(SubscriptionNode<TSubscriber>? child) => Update(child, HashChild, SharedGroups);

    public void SetHashChildLocked(SubscriptionNode<TSubscriber>? child) => Update(PlusChild, child, SharedGroups);

    public void SetSharedGroupsLocked(SharedGroup<TSubscriber>[]? groups) => Update(PlusChild, HashChild, groups);

    /// <summary>Publishes a new immutable <see cref="Extras"/>, or none once all three are gone so the node can be pruned.</summary>
    private void Update(SubscriptionNode<TSubscriber>? plusChild, SubscriptionNode<TSubscriber>? hashChild, SharedGroup<TSubscriber>[]? sharedGroups) =>
        Volatile.Write(
            ref _extras,
            plusChild is null && hashChild is null && sharedGroups is null ? null : new Extras(plusChild, hashChild, sharedGroups));

    public sealed class Extras(SubscriptionNode<TSubscriber>? plusChild, SubscriptionNode<TSubscriber>? hashChild, SharedGroup<TSubscriber>[]? sharedGroups)
    {
        public readonly SubscriptionNode<TSubscriber>? PlusChild = plusChild;

        public readonly SubscriptionNode<TSubscriber>? HashChild = hashChild;

        /// <summary>Copied on change: a filter rarely has more than a few share names.</summary>
        public readonly SharedGroup<TSubscriber>[]? SharedGroups = sharedGroups;
    }
}

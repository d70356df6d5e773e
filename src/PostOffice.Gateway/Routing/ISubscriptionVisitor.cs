namespace PostOffice.Gateway.Routing;

/// <summary>
/// Receives the subscriptions <see cref="SubscriptionTree{TSubscriber}.Match"/> finds. Implement it on a struct so the
/// calls are devirtualised and the match allocates nothing.
/// </summary>
public interface ISubscriptionVisitor<TSubscriber>
    where TSubscriber : class
{
    /// <summary>
    /// One matching non-shared subscription. A subscriber whose filters overlap (say <c>a/+</c> and <c>a/#</c>) is
    /// visited once per matching filter; delivering one copy with the highest QoS and every Subscription Identifier
    /// (3.3.4) is the caller's job.
    /// </summary>
    void OnSubscription(TSubscriber subscriber, in SubscriptionOptions options);

    /// <summary>One matching shared subscription group, visited once however many members it has (4.8.2).</summary>
    void OnSharedGroup(SharedGroup<TSubscriber> group);
}

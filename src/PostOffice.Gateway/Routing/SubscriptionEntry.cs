namespace PostOffice.Gateway.Routing;

/// <summary>
/// One subscriber and its options, immutable. Replacing a subscription swaps the whole entry with one reference write,
/// so a concurrent match sees either the old options or the new ones, never a mix.
/// </summary>
internal sealed class SubscriptionEntry<TSubscriber>(TSubscriber subscriber, SubscriptionOptions options)
    where TSubscriber : class
{
    public readonly TSubscriber Subscriber = subscriber;

    public readonly SubscriptionOptions Options = options;
}

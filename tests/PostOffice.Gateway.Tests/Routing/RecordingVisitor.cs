using PostOffice.Gateway.Routing;

namespace PostOffice.Gateway.Tests.Routing;

internal struct RecordingVisitor() : ISubscriptionVisitor<Client>
{
    public List<(Client Subscriber, SubscriptionOptions Options)> Subscriptions { get; } = [];

    public List<SharedGroup<Client>> Groups { get; } = [];

    public readonly void OnSubscription(Client subscriber, in SubscriptionOptions options) => Subscriptions.Add((subscriber, options));

    public readonly void OnSharedGroup(SharedGroup<Client> group) => Groups.Add(group);

    /// <summary>Every visit as text, sorted: subscriber names, and "$share/{name}/{filter}" for groups.</summary>
    public static List<string> Match(SubscriptionTree<Client> tree, string topicName)
    {
        var visitor = new RecordingVisitor();
        tree.Match(topicName, ref visitor);
        return
        [
            .. visitor.Subscriptions.Select(visit => visit.Subscriber.Name)
                .Concat(visitor.Groups.Select(group => $"$share/{group.ShareName}/{group.TopicFilter}"))
                .Order(StringComparer.Ordinal),
        ];
    }
}

using PostOffice.Gateway.Routing;

namespace PostOffice.Gateway.Sessions;

/// <summary>A subscription as its session remembers it (the tree holds the same pair for routing).</summary>
internal readonly record struct SessionSubscription(string TopicFilter, SubscriptionOptions Options);

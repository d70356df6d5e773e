namespace PostOffice.Gateway.Routing;

/// <summary>Decides whether a shared group member may take a message now (for instance: is its session connected).</summary>
public interface ISharedMemberFilter<TSubscriber>
    where TSubscriber : class
{
    bool Accept(TSubscriber member, in SubscriptionOptions options);
}

namespace PostOffice.Gateway.Routing;

/// <summary>Receives the retained messages <see cref="RetainedIndex{TValue}.Match"/> finds; implement it on a struct.</summary>
public interface IRetainedVisitor<TValue>
    where TValue : class
{
    void OnRetained(string topicName, TValue value);
}

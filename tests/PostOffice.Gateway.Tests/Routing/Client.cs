namespace PostOffice.Gateway.Tests.Routing;

/// <summary>A stand-in for a session; the tree compares subscribers by reference.</summary>
internal sealed class Client(string name)
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}

using System.Runtime.CompilerServices;

namespace PostOffice.Load.Aws;

/// <summary>
/// What makes two requests of <see cref="AwsClient"/> identical within one second: service, content type, target
/// and the body, the latter by identity (the same array or string instance). Scenarios build a body once and send it
/// again and again; a body that is rebuilt for every request simply never matches.
/// </summary>
internal readonly struct SignedRequestKey : IEquatable<SignedRequestKey>
{
    public SignedRequestKey(string service, string contentType, string? target, object body)
    {
        Service = service;
        ContentType = contentType;
        Target = target;
        Body = body;
    }

    public string Service { get; }

    public string ContentType { get; }

    /// <summary>X-Amz-Target for the JSON protocols; null for the query protocol.</summary>
    public string? Target { get; }

    /// <summary>A <c>byte[]</c>, or a <c>string</c> sent as UTF-8.</summary>
    public object Body { get; }

    public bool Equals(SignedRequestKey other) =>
        ReferenceEquals(Body, other.Body)
        && string.Equals(Target, other.Target, StringComparison.Ordinal)
        && string.Equals(ContentType, other.ContentType, StringComparison.Ordinal)
        && string.Equals(Service, other.Service, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is SignedRequestKey other && Equals(other);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(Body);

    public static bool operator ==(SignedRequestKey left, SignedRequestKey right) => left.Equals(right);

    public static bool operator !=(SignedRequestKey left, SignedRequestKey right) => !left.Equals(right);
}

namespace PostOffice.Aws.Tests.Http;

/// <summary>One call the edge made into the engine: the method, the queue (or ARN/handle) and the argument.</summary>
public sealed record RecordedCall(string Method, string? Queue, object? Argument);

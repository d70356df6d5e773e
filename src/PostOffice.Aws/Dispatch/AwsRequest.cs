using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Dispatch;

/// <summary>One decoded request as an action sees it: no HTTP types, so actions are testable without a server.</summary>
internal sealed class AwsRequest
{
    public required string RequestId { get; init; }

    public required string Action { get; init; }

    public required IAwsInput Input { get; init; }

    /// <summary>The SigV4 access key id, or null for an unsigned request.</summary>
    public string? AccessKeyId { get; init; }

    public string AccountId { get; init; } = AwsDefaults.AccountId;

    public string Region { get; init; } = AwsDefaults.Region;

    /// <summary>Scheme and authority the client called, <c>http://127.0.0.1:4566</c>: URLs in responses lead back here.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The request path: <c>/</c>, or <c>/{accountId}/{queueName}</c> when a client posts to a queue URL.</summary>
    public string Path { get; init; } = "/";

    public AwsProtocol Protocol => Input.Protocol;

    /// <summary>Who sent it, as SQS reports SenderId: the access key id, or the account id when unsigned.</summary>
    public string SenderId => AccessKeyId ?? AccountId;
}

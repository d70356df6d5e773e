using PostOffice.Aws.Errors;

namespace PostOffice.Aws.Dispatch;

/// <summary>
/// An AWS API served on the HTTP port (SQS now; SNS, Kinesis and Firehose plug in the same way). The dispatcher
/// finds the service of a request by these keys, then the action in <see cref="Actions"/>.
/// </summary>
internal interface IAwsService
{
    /// <summary>For logs: <c>SQS</c>.</summary>
    string Name { get; }

    /// <summary>The SigV4 signing name, the service of the credential scope: <c>sqs</c>.</summary>
    string SigningName { get; }

    /// <summary>The awsQuery <c>Version</c> parameter (<c>2012-11-05</c>), or null when the service has no query protocol.</summary>
    string? QueryVersion { get; }

    /// <summary>The XML namespace of query responses.</summary>
    string XmlNamespace { get; }

    /// <summary>The <c>X-Amz-Target</c> prefix (<c>AmazonSQS</c>), or null when the service has no JSON protocol.</summary>
    string? JsonTargetPrefix { get; }

    /// <summary><c>application/x-amz-json-1.0</c> or <c>-1.1</c>.</summary>
    string JsonContentType { get; }

    /// <summary>True for awsQueryCompatible services: JSON errors then carry <c>x-amzn-query-error</c>.</summary>
    bool IsQueryCompatible { get; }

    AwsErrorCatalog Errors { get; }

    AwsActionTable Actions { get; }
}

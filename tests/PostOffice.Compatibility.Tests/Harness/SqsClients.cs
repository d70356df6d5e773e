namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>What the tests need to know about each <see cref="SqsClient"/>.</summary>
public static class SqsClients
{
    /// <summary>Every client: the data of a scenario that each of them can express.</summary>
    public static TheoryData<SqsClient> All => new(Enum.GetValues<SqsClient>());

    /// <summary>
    /// The clients that check the MD5 digests in SendMessage and ReceiveMessage responses. botocore (boto3 and both
    /// CLIs) does not: it has no SQS checksum handler at all.
    /// </summary>
    public static TheoryData<SqsClient> VerifyingMd5 => new(SqsClient.NodeSdkV3);

    public static bool UsesJsonProtocol(this SqsClient client) => client is not (SqsClient.AwsCliV2 or SqsClient.Boto3Query);

    public static bool IsCli(this SqsClient client) => client is SqsClient.AwsCliV1 or SqsClient.AwsCliV2;

    /// <summary>The CLIs print the error code and message only; the SDK scripts also record the HTTP status.</summary>
    public static bool ReportsHttpStatus(this SqsClient client) => !client.IsCli();

    /// <summary>Short and queue-name safe, for queue name prefixes.</summary>
    public static string ShortName(this SqsClient client) => client switch
    {
        SqsClient.AwsCliV1 => "cli1",
        SqsClient.AwsCliV2 => "cli2",
        SqsClient.Boto3Json => "boto3j",
        SqsClient.Boto3Query => "boto3q",
        SqsClient.NodeSdkV3 => "node",
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
    };

    public static string DisplayName(this SqsClient client) => client switch
    {
        SqsClient.AwsCliV1 => "AWS CLI v1 (JSON protocol)",
        SqsClient.AwsCliV2 => "AWS CLI v2 from Debian (query protocol)",
        SqsClient.Boto3Json => "boto3 1.43 (JSON protocol)",
        SqsClient.Boto3Query => "boto3 1.26 from Debian (query protocol)",
        SqsClient.NodeSdkV3 => "npm @aws-sdk/client-sqs v3 (JSON protocol)",
        _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
    };

    /// <summary>
    /// The code a client surfaces for a service error. botocore, over either protocol, reports the query code: over
    /// JSON it reads it from the <c>x-amzn-query-error</c> header (the service is <c>awsQueryCompatible</c>). The npm
    /// SDK names the exception after the modelled error shape and keeps the header's code in <c>Code</c>.
    /// </summary>
    public static string SurfacedCode(this SqsClient client, SqsError error) =>
        client == SqsClient.NodeSdkV3 ? error.ShapeName : error.QueryCode;
}

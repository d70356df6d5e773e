namespace PostOffice.Aws.Protocol;

/// <summary>The two wire formats of the AWS APIs PostOffice speaks.</summary>
internal enum AwsProtocol
{
    /// <summary>awsJson1_0 / awsJson1_1: a JSON body, the action in the <c>X-Amz-Target</c> header.</summary>
    Json,

    /// <summary>awsQuery: form-encoded parameters (body or query string) with <c>Action=</c>, answered in XML.</summary>
    Query,
}

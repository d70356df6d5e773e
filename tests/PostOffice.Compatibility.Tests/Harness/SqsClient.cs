namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>The real third-party SQS clients the suite drives, each in the generation users have installed.</summary>
public enum SqsClient
{
    /// <summary>AWS CLI v1 (pyenv's <c>aws</c>, botocore 1.43): the AWS JSON 1.0 protocol.</summary>
    AwsCliV1,

    /// <summary>AWS CLI v2 from Debian (<c>/usr/bin/aws</c>, 2.9.19): the query protocol.</summary>
    AwsCliV2,

    /// <summary>boto3 1.43 under pyenv's <c>python3</c>: the AWS JSON 1.0 protocol.</summary>
    Boto3Json,

    /// <summary>boto3 1.26 from Debian under <c>/usr/bin/python3</c>: the query protocol.</summary>
    Boto3Query,

    /// <summary>npm <c>@aws-sdk/client-sqs</c> v3 (pinned in Scripts/node/package.json): the AWS JSON 1.0 protocol.</summary>
    NodeSdkV3,
}

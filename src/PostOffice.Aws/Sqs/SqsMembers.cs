using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// Members several SQS actions share, named as botocore's service models name them: the JSON name of the current
/// model, and the flattened <c>locationName</c> of the query model (2012-11-05).
/// </summary>
internal static class SqsMembers
{
    public static readonly AwsMember QueueUrl = new("QueueUrl");
    public static readonly AwsMember QueueName = new("QueueName");

    /// <summary>Queue attributes: <c>Attribute.N.Name</c>/<c>.Value</c> in a form, <c>&lt;Attribute&gt;</c> in XML.</summary>
    public static readonly AwsMember Attributes = new("Attributes", "Attribute");

    public static readonly AwsMember MaxResults = new("MaxResults");
    public static readonly AwsMember NextToken = new("NextToken");
    public static readonly AwsMember MessageId = new("MessageId");
    public static readonly AwsMember ReceiptHandle = new("ReceiptHandle");
    public static readonly AwsMember VisibilityTimeout = new("VisibilityTimeout");
    public static readonly AwsMember SequenceNumber = new("SequenceNumber");
    public static readonly AwsMember MessageBody = new("MessageBody");
    public static readonly AwsMember DelaySeconds = new("DelaySeconds");
    public static readonly AwsMember MessageGroupId = new("MessageGroupId");
    public static readonly AwsMember MessageDeduplicationId = new("MessageDeduplicationId");
    public static readonly AwsMember MessageAttributes = new("MessageAttributes", "MessageAttribute");
    public static readonly AwsMember MessageSystemAttributes = new("MessageSystemAttributes", "MessageSystemAttribute");
    public static readonly AwsMember Md5OfMessageBody = new("MD5OfMessageBody");
    public static readonly AwsMember Md5OfMessageAttributes = new("MD5OfMessageAttributes");
    public static readonly AwsMember Md5OfMessageSystemAttributes = new("MD5OfMessageSystemAttributes");

    // Batch entries and results.
    public static readonly AwsMember Id = new("Id");
    public static readonly AwsMember Failed = new("Failed", "BatchResultErrorEntry");
    public static readonly AwsMember SenderFault = new("SenderFault");
    public static readonly AwsMember Code = new("Code");
    public static readonly AwsMember Message = new("Message");

    // MessageAttributeValue.
    public static readonly AwsMember DataType = new("DataType");
    public static readonly AwsMember StringValue = new("StringValue");
    public static readonly AwsMember BinaryValue = new("BinaryValue");

    // Message move tasks.
    public static readonly AwsMember SourceArn = new("SourceArn");
    public static readonly AwsMember DestinationArn = new("DestinationArn");
    public static readonly AwsMember MaxNumberOfMessagesPerSecond = new("MaxNumberOfMessagesPerSecond");
    public static readonly AwsMember TaskHandle = new("TaskHandle");
}

using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Sns;

/// <summary>
/// Members of the SNS actions: the JSON name, and the query name of the 2010-03-31 model, whose lists are
/// <c>Name.member.N</c> and maps <c>Name.entry.N.key</c>/<c>.value</c>.
/// </summary>
internal static class SnsMembers
{
    public static readonly AwsMember Name = new("Name");
    public static readonly AwsMember TopicArn = new("TopicArn");
    public static readonly AwsMember SubscriptionArn = new("SubscriptionArn");
    public static readonly AwsMember ResourceArn = new("ResourceArn");
    public static readonly AwsMember Protocol = new("Protocol");
    public static readonly AwsMember Endpoint = new("Endpoint");
    public static readonly AwsMember Owner = new("Owner");
    public static readonly AwsMember Token = new("Token");
    public static readonly AwsMember AuthenticateOnUnsubscribe = new("AuthenticateOnUnsubscribe");
    public static readonly AwsMember ReturnSubscriptionArn = new("ReturnSubscriptionArn");
    public static readonly AwsMember AttributeName = new("AttributeName");
    public static readonly AwsMember AttributeValue = new("AttributeValue");
    public static readonly AwsMember NextToken = new("NextToken");

    // AddPermission and RemovePermission.
    public static readonly AwsMember Label = new("Label");
    public static readonly AwsMember AwsAccountId = new("AWSAccountId", "AWSAccountId.member");
    public static readonly AwsMember ActionName = new("ActionName", "ActionName.member");

    /// <summary>A string map: <c>Attributes.entry.N.key</c> / <c>.value</c> in a form.</summary>
    public static readonly AwsMember Attributes = new("Attributes", "Attributes.entry");

    public static readonly AwsMember Tags = new("Tags", "Tags.member");
    public static readonly AwsMember TagKeys = new("TagKeys", "TagKeys.member");

    // Publish.
    public static readonly AwsMember Message = new("Message");
    public static readonly AwsMember Subject = new("Subject");
    public static readonly AwsMember MessageStructure = new("MessageStructure");
    public static readonly AwsMember TargetArn = new("TargetArn");
    public static readonly AwsMember PhoneNumber = new("PhoneNumber");
    public static readonly AwsMember MessageAttributes = new("MessageAttributes", "MessageAttributes.entry");
    public static readonly AwsMember MessageGroupId = new("MessageGroupId");
    public static readonly AwsMember MessageDeduplicationId = new("MessageDeduplicationId");
    public static readonly AwsMember MessageId = new("MessageId");
    public static readonly AwsMember SequenceNumber = new("SequenceNumber");
    public static readonly AwsMember DataType = new("DataType");
    public static readonly AwsMember StringValue = new("StringValue");
    public static readonly AwsMember BinaryValue = new("BinaryValue");

    // PublishBatch.
    public static readonly AwsMember PublishBatchRequestEntries = new("PublishBatchRequestEntries", "PublishBatchRequestEntries.member");
    public static readonly AwsMember Id = new("Id");
    public static readonly AwsMember Code = new("Code");
    public static readonly AwsMember SenderFault = new("SenderFault");
}

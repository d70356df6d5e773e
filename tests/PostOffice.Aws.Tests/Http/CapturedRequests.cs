namespace PostOffice.Aws.Tests.Http;

/// <summary>
/// Request bodies exactly as real clients sent them, captured by pointing each client at a recording proxy in front
/// of moto: AWS CLI 1.45 / boto3 1.43 (JSON, botocore's json.dumps with ", " separators and \u escapes),
/// @aws-sdk/client-sqs 3.1169 (compact JSON), AWS CLI 2.9 / boto3 1.26 (query, botocore 1.29).
/// </summary>
internal static class CapturedRequests
{
    public const string CliV1CreateQueue =
        """{"QueueName": "q1", "Attributes": {"VisibilityTimeout": "40", "DelaySeconds": "0"}, "tags": {"team": "a", "env": "dev"}}""";

    public const string CliV1SendMessage =
        """{"QueueUrl": "http://127.0.0.1:5002/000000000000/q1", "MessageBody": "hello\r\nworld <&> \"q\"", "MessageAttributes": {"attribName1": {"DataType": "String", "StringValue": "attribValue 1"}, "bin": {"DataType": "Binary", "BinaryValue": "U0dWc2JHOGdZbWx1WVhKNUlIZHZjbXhrSVE9PQ=="}}, "MessageSystemAttributes": {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"}}}""";

    public const string Boto3SendMessageNonAscii =
        """{"QueueUrl": "http://127.0.0.1:5001/123456789012/cap-json", "MessageBody": "caf\u00e9 \ud83d\ude00 <x>", "DelaySeconds": 0, "MessageAttributes": {"n": {"DataType": "Number.float", "StringValue": "1.5"}, "b": {"DataType": "Binary", "BinaryValue": "AAE="}}, "MessageSystemAttributes": {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1"}}}""";

    public const string Boto3SendMessageBatch =
        """{"QueueUrl": "http://127.0.0.1:5001/123456789012/cap-json", "Entries": [{"Id": "a", "MessageBody": "one", "DelaySeconds": 0, "MessageAttributes": {"s": {"DataType": "String", "StringValue": "x"}}}, {"Id": "b", "MessageBody": "two"}]}""";

    public const string Boto3ReceiveMessage =
        """{"QueueUrl": "http://127.0.0.1:5001/123456789012/cap-json", "AttributeNames": ["SentTimestamp"], "MessageSystemAttributeNames": ["SenderId"], "MessageAttributeNames": ["n", "b.*"], "MaxNumberOfMessages": 10, "VisibilityTimeout": 30, "WaitTimeSeconds": 0, "ReceiveRequestAttemptId": "att1"}""";

    public const string JsSdkReceiveMessage =
        """{"QueueUrl":"http://127.0.0.1:5001/123456789012/js-q","MessageSystemAttributeNames":["All"],"MessageAttributeNames":["All"],"WaitTimeSeconds":0}""";

    public const string JsSdkDeleteMessage =
        """{"QueueUrl":"http://127.0.0.1:5001/123456789012/js-q","ReceiptHandle":"ouucefqqqukhkxxyyjqqjoepqbwbrejdtpspigynfqlrrghigibpbmbjadjsqlxgsxvsaaajhvkuaemphihiqabehjxukdpvhcmahgreniqjrvllunpzbfqsiowczewisggcvazpsuvqsergtxyfdeoozodhusczaywvufwpcgzyogprmctjrfhzg"}""";

    public const string Boto3DeleteMessageBatch =
        """{"QueueUrl": "http://127.0.0.1:5001/123456789012/cap-json", "Entries": [{"Id": "m0", "ReceiptHandle": "rh-0"}, {"Id": "m1", "ReceiptHandle": "rh-1"}, {"Id": "bad", "ReceiptHandle": "garbage"}]}""";

    public const string Boto3ChangeMessageVisibilityBatch =
        """{"QueueUrl": "http://127.0.0.1:5001/123456789012/cap-json", "Entries": [{"Id": "x", "ReceiptHandle": "rh-0", "VisibilityTimeout": 5}, {"Id": "bad", "ReceiptHandle": "garbage", "VisibilityTimeout": 5}]}""";

    public const string CliV2CreateQueue =
        "Action=CreateQueue&Version=2012-11-05&QueueName=cap-query2&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=30&Tag.1.Key=k&Tag.1.Value=v";

    public const string CliV2SendMessage =
        "Action=SendMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5002%2F000000000000%2Fq1&MessageBody=hello%0D%0Aworld+%3C%26%3E+%22q%22" +
        "&MessageAttribute.1.Name=attribName1&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=attribValue+1" +
        "&MessageAttribute.2.Name=bin&MessageAttribute.2.Value.DataType=Binary&MessageAttribute.2.Value.BinaryValue=SGVsbG8gYmluYXJ5IHdvcmxkIQ%3D%3D" +
        "&MessageSystemAttribute.1.Name=AWSTraceHeader&MessageSystemAttribute.1.Value.DataType=String" +
        "&MessageSystemAttribute.1.Value.StringValue=Root%3D1-5759e988-bd862e3fe1be46a994272793%3BSampled%3D1";

    public const string Boto126SendMessageBatch =
        "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2" +
        "&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=one&SendMessageBatchRequestEntry.1.DelaySeconds=0" +
        "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Name=s&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType=String" +
        "&SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue=x&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=two";

    /// <summary>botocore serializes an empty list as the bare member name.</summary>
    public const string Boto126SendMessageBatchEmpty =
        "Action=SendMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2&Entries=";

    public const string Boto126ReceiveMessage =
        "Action=ReceiveMessage&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2" +
        "&AttributeName.1=SentTimestamp&MessageAttributeName.1=n&MessageAttributeName.2=b.%2A&MaxNumberOfMessages=10&VisibilityTimeout=30" +
        "&WaitTimeSeconds=0&ReceiveRequestAttemptId=att1";

    public const string Boto126GetQueueAttributes =
        "Action=GetQueueAttributes&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2" +
        "&AttributeName.1=VisibilityTimeout&AttributeName.2=QueueArn";

    public const string Boto126TagQueue =
        "Action=TagQueue&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2&Tag.1.Key=a&Tag.1.Value=1&Tag.2.Key=b&Tag.2.Value=2";

    public const string Boto126UntagQueue =
        "Action=UntagQueue&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2&TagKey.1=a&TagKey.2=k";

    public const string Boto126DeleteMessageBatch =
        "Action=DeleteMessageBatch&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2" +
        "&DeleteMessageBatchRequestEntry.1.Id=m0&DeleteMessageBatchRequestEntry.1.ReceiptHandle=rh-0" +
        "&DeleteMessageBatchRequestEntry.2.Id=bad&DeleteMessageBatchRequestEntry.2.ReceiptHandle=garbage";

    public const string Boto126AddPermission =
        "Action=AddPermission&Version=2012-11-05&QueueUrl=http%3A%2F%2F127.0.0.1%3A5001%2F123456789012%2Fcap-query2&Label=l1" +
        "&AWSAccountId.1=111122223333&ActionName.1=SendMessage&ActionName.2=ReceiveMessage";

    public const string CliV2GetQueueUrl = "Action=GetQueueUrl&Version=2012-11-05&QueueName=nope";
}

using System.Net;
using System.Xml.Linq;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Http;

/// <summary>SQS over the 2012-11-05 query protocol, driven with the forms AWS CLI 2.9 and boto3 1.26 send.</summary>
public sealed class SqsQueryProtocolTests
{
    private static readonly XNamespace Ns = Responses.Sqs;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateQueue_CliForm_ReadsFlattenedAttributesAndTags()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync(CapturedRequests.CliV2CreateQueue, Token);

        var result = await Responses.ReadQueryResultAsync(response, "CreateQueue");
        Assert.Equal($"http://{server.Host}/000000000000/cap-query2", result.Element(Ns + "QueueUrl")?.Value);
        var create = Assert.IsType<CreateQueueRequest>(server.Queues.SingleCall().Argument);
        Assert.Equal(new Dictionary<string, string> { ["VisibilityTimeout"] = "30" }, create.Attributes);
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v" }, create.Tags);
    }

    [Fact]
    public async Task SendMessage_CliForm_DecodesBodyAndAttributesAndAnswersChecksums()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync(CapturedRequests.CliV2SendMessage, Token);

        var result = await Responses.ReadQueryResultAsync(response, "SendMessage");
        var message = Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(server.Queues.SingleCall().Argument));
        Assert.Equal("hello\r\nworld <&> \"q\"", message.Body);
        Assert.Equal("Hello binary world!"u8.ToArray(), message.MessageAttributes["bin"].BinaryValue);
        Assert.Equal("String", message.MessageSystemAttributes["AWSTraceHeader"].DataType);
        Assert.Equal("81b0605a90767fa1857cccc5ef8bb51d", result.Element(Ns + "MD5OfMessageBody")?.Value);

        // moto's digest for the same form (CLI v2 sends the binary value already base64-encoded once).
        Assert.Equal("c779676d214a7047e153f355d2320f8c", result.Element(Ns + "MD5OfMessageAttributes")?.Value);
        Assert.Equal("5f48eef650c1d0207456969c85af2fdd", result.Element(Ns + "MD5OfMessageSystemAttributes")?.Value);
        Assert.Equal("msg-0", result.Element(Ns + "MessageId")?.Value);
    }

    [Fact]
    public async Task SendMessage_PostedToQueueUrlWithoutQueueUrlParameter_UsesThePath()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=SendMessage&MessageBody=hi&Version=2012-11-05", Token, path: "/000000000000/from-path");

        await Responses.ReadQueryResultAsync(response, "SendMessage");
        Assert.Equal("from-path", server.Queues.SingleCall().Queue);
    }

    [Fact]
    public async Task SendMessageBatch_BotoForm_ReadsNestedFlattenedEntries()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Send = _ => [new SendOutcome(new SendMessageResult("m-a", null), null), new SendOutcome(null, new QueueError(QueueErrorCode.InvalidMessageContents, "bad"))];

        using var response = await server.PostFormAsync(CapturedRequests.Boto126SendMessageBatch, Token);

        var result = await Responses.ReadQueryResultAsync(response, "SendMessageBatch");
        var sent = Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(server.Queues.SingleCall().Argument);
        Assert.Equal(["one", "two"], sent.Select(message => message.Body));
        Assert.Equal(new MessageAttributeValue("String", "x", null), sent[0].MessageAttributes["s"]);
        var successful = Assert.Single(result.Elements(Ns + "SendMessageBatchResultEntry"));
        Assert.Equal("a", successful.Element(Ns + "Id")?.Value);
        Assert.Equal("3b108a83c499b93a46300783f7ddbf84", successful.Element(Ns + "MD5OfMessageAttributes")?.Value);
        var failed = Assert.Single(result.Elements(Ns + "BatchResultErrorEntry"));
        Assert.Equal(["b", "true", "InvalidMessageContents", "bad"], failed.Elements().Select(element => element.Value));
    }

    [Fact]
    public async Task SendMessageBatch_BotoEmptyListForm_AnswersEmptyBatchRequestInXml()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync(CapturedRequests.Boto126SendMessageBatchEmpty, Token);

        var error = await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "AWS.SimpleQueueService.EmptyBatchRequest");
        Assert.Equal("There should be at least one SendMessageBatchRequestEntry in the request.", error.Element(Ns + "Message")?.Value);
    }

    [Fact]
    public async Task ReceiveMessage_BodyWithCarriageReturnAndMarkup_SurvivesAnXmlParserUnchanged()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        var body = "hello\r\nworld <&> \"q\" 'x'\ttab";
        server.Queues.Received = [SqsJsonProtocolTests.SampleMessage() with { Body = body }];

        using var response = await server.PostFormAsync(CapturedRequests.Boto126ReceiveMessage, Token);

        var raw = await response.Content.ReadAsStringAsync(Token);
        Assert.Contains("<Body>hello&#xD;\nworld &lt;&amp;&gt; &quot;q&quot; 'x'\ttab</Body>", raw, StringComparison.Ordinal);
        var message = Assert.Single((await Responses.ReadQueryResultAsync(response, "ReceiveMessage")).Elements(Ns + "Message"));
        Assert.Equal(body, message.Element(Ns + "Body")?.Value);
        var attribute = Assert.Single(message.Elements(Ns + "Attribute"));
        Assert.Equal(["SentTimestamp", "1795282401391"], attribute.Elements().Select(element => element.Value));
        Assert.Equal(["n", "b"], message.Elements(Ns + "MessageAttribute").Select(element => element.Element(Ns + "Name")?.Value));
        var binary = message.Elements(Ns + "MessageAttribute").Single(element => element.Element(Ns + "Name")?.Value == "b").Element(Ns + "Value")!;
        Assert.Equal(["AAE=", "Binary"], binary.Elements().Select(element => element.Value));
        Assert.Equal("f6e5cc5b944ce254047b567eacee808b", message.Element(Ns + "MD5OfMessageAttributes")?.Value);
        Assert.Equal(
            new ReceiveMessagesRequest { MaxNumberOfMessages = 10, VisibilityTimeout = 30, WaitTimeSeconds = 0, ReceiveRequestAttemptId = "att1" },
            server.Queues.SingleCall().Argument);
    }

    [Fact]
    public async Task GetQueueAttributes_BotoForm_ReadsAttributeNameList()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "30" };

        using var response = await server.PostFormAsync(CapturedRequests.Boto126GetQueueAttributes, Token);

        var result = await Responses.ReadQueryResultAsync(response, "GetQueueAttributes");
        Assert.Equal(["VisibilityTimeout", "30"], Assert.Single(result.Elements(Ns + "Attribute")).Elements().Select(element => element.Value));
        Assert.Equal(["VisibilityTimeout", "QueueArn"], Assert.IsType<List<string>>(server.Queues.SingleCall().Argument));
    }

    [Fact]
    public async Task TagAndUntagQueue_BotoForms_ReadTagMapAndKeyList()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var tag = await server.PostFormAsync(CapturedRequests.Boto126TagQueue, Token);
        using var untag = await server.PostFormAsync(CapturedRequests.Boto126UntagQueue, Token);

        var tagRoot = await Responses.ReadXmlAsync(tag);
        Assert.Equal(Ns + "TagQueueResponse", tagRoot.Name);
        Assert.Null(tagRoot.Element(Ns + "TagQueueResult"));
        await Responses.ReadXmlAsync(untag);
        var calls = server.Queues.Calls;
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(calls[0].Argument));
        Assert.Equal(["a", "k"], Assert.IsType<List<string>>(calls[1].Argument));
    }

    [Fact]
    public async Task DeleteMessageBatch_BotoForm_AnswersResultAndErrorEntries()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.EntryOutcomes = _ => [null, new QueueError(QueueErrorCode.ReceiptHandleIsInvalid, "The input receipt handle \"garbage\" is not a valid receipt handle.")];

        using var response = await server.PostFormAsync(CapturedRequests.Boto126DeleteMessageBatch, Token);

        var result = await Responses.ReadQueryResultAsync(response, "DeleteMessageBatch");
        Assert.Equal("m0", Assert.Single(result.Elements(Ns + "DeleteMessageBatchResultEntry")).Element(Ns + "Id")?.Value);
        var failed = Assert.Single(result.Elements(Ns + "BatchResultErrorEntry"));
        Assert.Equal("The input receipt handle \"garbage\" is not a valid receipt handle.", failed.Element(Ns + "Message")?.Value);
    }

    [Fact]
    public async Task GetQueueUrl_UnknownQueue_AnswersErrorResponseWithQueryCode()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new QueueException(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");

        using var response = await server.PostFormAsync(CapturedRequests.CliV2GetQueueUrl, Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "AWS.SimpleQueueService.NonExistentQueue");
    }

    [Fact]
    public async Task AddPermission_BotoForm_PassesNumberedListsToTheEngine()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync(CapturedRequests.Boto126AddPermission, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new RecordedCall("AddPermissionAsync", "cap-query2", ("l1", "111122223333", "SendMessage,ReceiveMessage")),
            server.Queues.SingleCall());
    }

    [Fact]
    public async Task AddPermission_OverLimit_AnswersForbiddenWithOverLimit()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new QueueException(QueueErrorCode.OverLimit, "8 Actions were found, maximum allowed is 7.");

        using var response = await server.PostFormAsync(CapturedRequests.Boto126AddPermission, Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.Forbidden, "OverLimit");
    }

    [Fact]
    public async Task ListQueues_GetWithQueryString_AnswersFlattenedQueueUrls()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Page = new QueuePage(["a", "b"], null);

        using var response = await server.Client.GetAsync(new Uri("/?Action=ListQueues&Version=2012-11-05&QueueNamePrefix=a", UriKind.Relative), Token);

        var result = await Responses.ReadQueryResultAsync(response, "ListQueues");
        Assert.Equal(
            [$"http://{server.Host}/000000000000/a", $"http://{server.Host}/000000000000/b"],
            result.Elements(Ns + "QueueUrl").Select(element => element.Value));
        Assert.Equal(("a", (int?)null, (string?)null), server.Queues.SingleCall().Argument);
    }

    [Fact]
    public async Task ListMessageMoveTasks_QueryForm_WritesResultsElements()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.MoveTasks = [new MessageMoveTask("task-1", "RUNNING", "arn:dlq", null, null, 3, 10, null, 1700000000000)];

        using var response = await server.PostFormAsync("Action=ListMessageMoveTasks&Version=2012-11-05&SourceArn=arn%3Adlq", Token);

        var result = await Responses.ReadQueryResultAsync(response, "ListMessageMoveTasks");
        var task = Assert.Single(result.Elements(Ns + "Results"));
        Assert.Equal("task-1", task.Element(Ns + "TaskHandle")?.Value);
        Assert.Equal("1700000000000", task.Element(Ns + "StartedTimestamp")?.Value);
    }

    [Fact]
    public async Task SendMessage_Unsigned_SenderIdIsTheAccount()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=SendMessage&Version=2012-11-05&QueueUrl=%2F000000000000%2Fq&MessageBody=x", Token, authorization: null);

        await Responses.ReadQueryResultAsync(response, "SendMessage");
        var message = Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(server.Queues.SingleCall().Argument));
        Assert.Equal("000000000000", message.SenderId);
    }

    [Fact]
    public async Task SendMessage_PresignedGet_SenderIdIsTheCredentialsAccessKey()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.Client.GetAsync(
            new Uri(
                "/000000000000/q?Action=SendMessage&MessageBody=x&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDPRESIGNED%2F20261121%2Feu-west-1%2Fsqs%2Faws4_request&X-Amz-Signature=00",
                UriKind.Relative),
            Token);

        await Responses.ReadQueryResultAsync(response, "SendMessage");
        var message = Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(server.Queues.SingleCall().Argument));
        Assert.Equal("AKIDPRESIGNED", message.SenderId);
    }
}

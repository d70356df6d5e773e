using System.Net;
using System.Text.Json;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Http;

/// <summary>SQS over the JSON 1.0 protocol, driven with the bodies boto3, the AWS CLI and SDK v3 send.</summary>
public sealed class SqsJsonProtocolTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateQueue_CliRequest_PassesAttributesAndTagsAndAnswersUrlOfCalledHost()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("CreateQueue", CapturedRequests.CliV1CreateQueue, Token);

        var body = await Responses.ReadJsonAsync(response);
        Assert.Equal($"http://{server.Host}/000000000000/q1", body.GetProperty("QueueUrl").GetString());
        var create = Assert.IsType<CreateQueueRequest>(server.Queues.SingleCall().Argument);
        Assert.Equal("q1", create.Name);
        Assert.Equal(new Dictionary<string, string> { ["VisibilityTimeout"] = "40", ["DelaySeconds"] = "0" }, create.Attributes);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "a", ["env"] = "dev" }, create.Tags);
    }

    [Fact]
    public async Task GetQueueUrl_EngineSaysQueueDoesNotExist_AnswersModeledErrorWithQueryCode()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new QueueException(QueueErrorCode.QueueDoesNotExist, "The specified queue does not exist.");

        using var response = await server.PostJsonAsync("GetQueueUrl", """{"QueueName": "nope"}""", Token);

        var body = await Responses.AssertJsonErrorAsync(
            response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue");
        Assert.Equal("The specified queue does not exist.", body.GetProperty("message").GetString());
        Assert.Equal("nope", server.Queues.SingleCall().Queue);
    }

    [Fact]
    public async Task SendMessage_CliRequestWithAttributes_PassesThemAndAnswersAwsChecksums()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("SendMessage", CapturedRequests.CliV1SendMessage, Token);

        var body = await Responses.ReadJsonAsync(response);
        var call = server.Queues.SingleCall();
        Assert.Equal("q1", call.Queue);
        var message = Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(call.Argument));
        Assert.Equal("hello\r\nworld <&> \"q\"", message.Body);
        Assert.Equal("AKIDEXAMPLE", message.SenderId);
        Assert.Equal(new MessageAttributeValue("String", "attribValue 1", null), message.MessageAttributes["attribName1"]);
        Assert.Equal("SGVsbG8gYmluYXJ5IHdvcmxkIQ=="u8.ToArray(), message.MessageAttributes["bin"].BinaryValue);
        Assert.Equal("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", message.MessageSystemAttributes["AWSTraceHeader"].StringValue);

        // Checksums as moto (and an independent implementation of AWS's algorithm) computed them for this request.
        Assert.Equal("81b0605a90767fa1857cccc5ef8bb51d", body.GetProperty("MD5OfMessageBody").GetString());
        Assert.Equal("0ef5b696c7396003295bf5926e2f9b1c", body.GetProperty("MD5OfMessageAttributes").GetString());
        Assert.Equal("5f48eef650c1d0207456969c85af2fdd", body.GetProperty("MD5OfMessageSystemAttributes").GetString());
        Assert.Equal("msg-0", body.GetProperty("MessageId").GetString());
        Assert.False(body.TryGetProperty("SequenceNumber", out _));
    }

    [Fact]
    public async Task SendMessage_BodyWithUnicodeEscapes_DecodesSurrogatePairsAndDigestsUtf8()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Send = _ => [new SendOutcome(new SendMessageResult("m", "18"), null)];

        using var response = await server.PostJsonAsync("SendMessage", CapturedRequests.Boto3SendMessageNonAscii, Token);

        var body = await Responses.ReadJsonAsync(response);
        var message = Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(server.Queues.SingleCall().Argument));
        Assert.Equal("caf\u00e9 \U0001F600 <x>", message.Body);
        Assert.Equal(0, message.DelaySeconds);
        Assert.Equal(new byte[] { 0, 1 }, message.MessageAttributes["b"].BinaryValue);
        Assert.Equal("281ec18167ff3426a575c63b301e9a21", body.GetProperty("MD5OfMessageBody").GetString());
        Assert.Equal("f6e5cc5b944ce254047b567eacee808b", body.GetProperty("MD5OfMessageAttributes").GetString());
        Assert.Equal("d6619b3d47b81d3fc72c0db005a70eda", body.GetProperty("MD5OfMessageSystemAttributes").GetString());
        Assert.Equal("18", body.GetProperty("SequenceNumber").GetString());
    }

    [Fact]
    public async Task SendMessage_EngineRefusesTheMessage_AnswersItsErrorForTheRequest()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Send = _ => [new SendOutcome(null, new QueueError(QueueErrorCode.InvalidMessageContents, "Invalid binary character '#x0'."))];

        using var response = await server.PostJsonAsync("SendMessage", """{"QueueUrl": "/000000000000/q1", "MessageBody": "x"}""", Token);

        var body = await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#InvalidMessageContents", "InvalidMessageContents");
        Assert.Equal("Invalid binary character '#x0'.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SendMessage_NoMessageBody_AnswersMissingParameterWithoutCallingTheEngine()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("SendMessage", """{"QueueUrl": "http://x/000000000000/q1"}""", Token);

        var body = await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#MissingParameter", "MissingParameter");
        Assert.Equal("The request must contain the parameter MessageBody.", body.GetProperty("message").GetString());
        Assert.Empty(server.Queues.Calls);
    }

    [Fact]
    public async Task SendMessageBatch_SecondEntryRefused_AnswersSuccessfulAndFailedByEntryId()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Send = _ =>
        [
            new SendOutcome(new SendMessageResult("m-a", null), null),
            new SendOutcome(null, new QueueError(QueueErrorCode.InvalidParameterValue, "Message too long.")),
        ];

        using var response = await server.PostJsonAsync("SendMessageBatch", CapturedRequests.Boto3SendMessageBatch, Token);

        var body = await Responses.ReadJsonAsync(response);
        var sent = Assert.IsAssignableFrom<IReadOnlyList<SendMessageRequest>>(server.Queues.SingleCall().Argument);
        Assert.Equal(["one", "two"], sent.Select(message => message.Body));
        var successful = Assert.Single(body.GetProperty("Successful").EnumerateArray());
        Assert.Equal("a", successful.GetProperty("Id").GetString());
        Assert.Equal("m-a", successful.GetProperty("MessageId").GetString());
        Assert.Equal("f97c5d29941bfb1b2fdab0874906ab82", successful.GetProperty("MD5OfMessageBody").GetString());
        Assert.Equal("3b108a83c499b93a46300783f7ddbf84", successful.GetProperty("MD5OfMessageAttributes").GetString());
        var failed = Assert.Single(body.GetProperty("Failed").EnumerateArray());
        Assert.Equal("b", failed.GetProperty("Id").GetString());
        Assert.True(failed.GetProperty("SenderFault").GetBoolean());
        Assert.Equal("InvalidParameterValue", failed.GetProperty("Code").GetString());
        Assert.Equal("Message too long.", failed.GetProperty("Message").GetString());
    }

    [Theory]
    [InlineData("""{"QueueUrl": "/0/q", "Entries": []}""", "EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest")]
    [InlineData("""{"QueueUrl": "/0/q", "Entries": [{"Id": "a", "MessageBody": "1"}, {"Id": "a", "MessageBody": "2"}]}""", "BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")]
    [InlineData("""{"QueueUrl": "/0/q", "Entries": [{"Id": "a.b", "MessageBody": "1"}]}""", "InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId")]
    public async Task SendMessageBatch_BadBatchShape_AnswersBatchErrorWithoutCallingTheEngine(string request, string shape, string queryCode)
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("SendMessageBatch", request, Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, $"com.amazonaws.sqs#{shape}", queryCode);
        Assert.Empty(server.Queues.Calls);
    }

    [Fact]
    public async Task SendMessageBatch_ElevenEntries_AnswersTooManyEntriesInBatchRequest()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        var entries = string.Join(", ", Enumerable.Range(1, 11).Select(i => $$"""{"Id": "e{{i}}", "MessageBody": "x"}"""));

        using var response = await server.PostJsonAsync("SendMessageBatch", $$"""{"QueueUrl": "/0/q", "Entries": [{{entries}}]}""", Token);

        var body = await Responses.AssertJsonErrorAsync(
            response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest");
        Assert.Equal("Maximum number of entries per request are 10. You have sent 11.", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task SendMessageBatch_MoreThanOneMebibyteTogether_AnswersBatchRequestTooLong()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        var half = new string('x', 512 * 1024);

        using var response = await server.PostJsonAsync(
            "SendMessageBatch",
            $$"""{"QueueUrl": "/0/q", "Entries": [{"Id": "a", "MessageBody": "{{half}}"}, {"Id": "b", "MessageBody": "{{half}}y"}]}""",
            Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong");
        Assert.Empty(server.Queues.Calls);
    }

    [Fact]
    public async Task ReceiveMessage_SelectedAttributes_ReturnsOnlyThoseAndDigestsWhatItReturns()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Received = [SampleMessage()];

        using var response = await server.PostJsonAsync("ReceiveMessage", CapturedRequests.Boto3ReceiveMessage, Token);

        var body = await Responses.ReadJsonAsync(response);
        var call = server.Queues.SingleCall();
        Assert.Equal("cap-json", call.Queue);
        Assert.Equal(
            new ReceiveMessagesRequest { MaxNumberOfMessages = 10, VisibilityTimeout = 30, WaitTimeSeconds = 0, ReceiveRequestAttemptId = "att1" },
            call.Argument);
        var message = Assert.Single(body.GetProperty("Messages").EnumerateArray());
        Assert.Equal("id-1", message.GetProperty("MessageId").GetString());
        Assert.Equal("rh-1", message.GetProperty("ReceiptHandle").GetString());
        Assert.Equal("caf\u00e9 \U0001F600 <x>", message.GetProperty("Body").GetString());
        Assert.Equal("281ec18167ff3426a575c63b301e9a21", message.GetProperty("MD5OfBody").GetString());
        Assert.Equal(
            ["SenderId=AKIDSENDER", "SentTimestamp=1795282401391"],
            message.GetProperty("Attributes").EnumerateObject().Select(attribute => $"{attribute.Name}={attribute.Value.GetString()}"));

        // "n" by name and "b" through "b.*"; "other" was not asked for and is neither returned nor digested.
        Assert.Equal(["n", "b"], message.GetProperty("MessageAttributes").EnumerateObject().Select(attribute => attribute.Name));
        Assert.Equal("AAE=", message.GetProperty("MessageAttributes").GetProperty("b").GetProperty("BinaryValue").GetString());
        Assert.Equal("Number.float", message.GetProperty("MessageAttributes").GetProperty("n").GetProperty("DataType").GetString());
        Assert.Equal("f6e5cc5b944ce254047b567eacee808b", message.GetProperty("MD5OfMessageAttributes").GetString());
    }

    [Fact]
    public async Task ReceiveMessage_JsSdkAllAttributes_ReturnsEverySystemAttributeTheMessageHas()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Received = [SampleMessage()];

        using var response = await server.PostJsonAsync("ReceiveMessage", CapturedRequests.JsSdkReceiveMessage, Token);

        var message = Assert.Single((await Responses.ReadJsonAsync(response)).GetProperty("Messages").EnumerateArray());
        Assert.Equal(
            ["SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "AWSTraceHeader"],
            message.GetProperty("Attributes").EnumerateObject().Select(attribute => attribute.Name));
        Assert.Equal("3", message.GetProperty("Attributes").GetProperty("ApproximateReceiveCount").GetString());
        Assert.Equal(["n", "b", "other"], message.GetProperty("MessageAttributes").EnumerateObject().Select(attribute => attribute.Name));
        Assert.Equal(1, Assert.IsType<ReceiveMessagesRequest>(server.Queues.SingleCall().Argument).MaxNumberOfMessages);
    }

    [Fact]
    public async Task ReceiveMessage_NoMessages_AnswersWithoutMessagesMember()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("ReceiveMessage", """{"QueueUrl": "http://h/000000000000/q1", "WaitTimeSeconds": 20}""", Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(response)).GetRawText());
        Assert.Equal(20, Assert.IsType<ReceiveMessagesRequest>(server.Queues.SingleCall().Argument).WaitTimeSeconds);
    }

    [Fact]
    public async Task DeleteMessage_JsSdkRequest_DeletesByReceiptHandleAndAnswersEmptyObject()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("DeleteMessage", CapturedRequests.JsSdkDeleteMessage, Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(response)).GetRawText());
        var call = server.Queues.SingleCall();
        Assert.Equal("js-q", call.Queue);
        Assert.StartsWith("ouucefqq", Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<string>>(call.Argument)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteMessage_HandleRefused_AnswersReceiptHandleIsInvalidWithItsStatus()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.EntryOutcomes = _ => [new QueueError(QueueErrorCode.ReceiptHandleIsInvalid, "The input receipt handle is invalid.")];

        using var response = await server.PostJsonAsync("DeleteMessage", """{"QueueUrl": "/000000000000/q1", "ReceiptHandle": "garbage"}""", Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.NotFound, "com.amazonaws.sqs#ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid");
    }

    [Fact]
    public async Task DeleteMessageBatch_OneHandleRefused_ReportsItUnderFailedWithItsCode()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.EntryOutcomes = _ => [null, null, new QueueError(QueueErrorCode.ReceiptHandleIsInvalid, "The input receipt handle is invalid.")];

        using var response = await server.PostJsonAsync("DeleteMessageBatch", CapturedRequests.Boto3DeleteMessageBatch, Token);

        var body = await Responses.ReadJsonAsync(response);
        Assert.Equal(["rh-0", "rh-1", "garbage"], Assert.IsAssignableFrom<IReadOnlyList<string>>(server.Queues.SingleCall().Argument));
        Assert.Equal(["m0", "m1"], body.GetProperty("Successful").EnumerateArray().Select(entry => entry.GetProperty("Id").GetString()));
        var failed = Assert.Single(body.GetProperty("Failed").EnumerateArray());
        Assert.Equal("bad", failed.GetProperty("Id").GetString());
        Assert.Equal("ReceiptHandleIsInvalid", failed.GetProperty("Code").GetString());
    }

    [Fact]
    public async Task ChangeMessageVisibilityBatch_MessageNotInflight_ReportsTheQueryCode()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.EntryOutcomes = _ => [null, new QueueError(QueueErrorCode.MessageNotInflight, "Message not inflight.")];

        using var response = await server.PostJsonAsync("ChangeMessageVisibilityBatch", CapturedRequests.Boto3ChangeMessageVisibilityBatch, Token);

        var body = await Responses.ReadJsonAsync(response);
        Assert.Equal(
            [new VisibilityChange("rh-0", 5), new VisibilityChange("garbage", 5)],
            Assert.IsAssignableFrom<IReadOnlyList<VisibilityChange>>(server.Queues.SingleCall().Argument));
        Assert.Equal("x", Assert.Single(body.GetProperty("Successful").EnumerateArray()).GetProperty("Id").GetString());
        Assert.Equal("AWS.SimpleQueueService.MessageNotInflight", Assert.Single(body.GetProperty("Failed").EnumerateArray()).GetProperty("Code").GetString());
    }

    [Fact]
    public async Task ChangeMessageVisibility_Request_ChangesOneHandle()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync(
            "ChangeMessageVisibility", """{"QueueUrl": "/000000000000/q1", "ReceiptHandle": "rh", "VisibilityTimeout": 10}""", Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(response)).GetRawText());
        Assert.Equal([new VisibilityChange("rh", 10)], Assert.IsAssignableFrom<IReadOnlyList<VisibilityChange>>(server.Queues.SingleCall().Argument));
    }

    internal static ReceivedMessage SampleMessage() => new(
        "id-1",
        "rh-1",
        "caf\u00e9 \U0001F600 <x>",
        new Dictionary<string, MessageAttributeValue>
        {
            ["n"] = new("Number.float", "1.5", null),
            ["b"] = new("Binary", null, [0, 1]),
            ["other"] = new("String", "not asked for", null),
        },
        new Dictionary<string, MessageAttributeValue> { ["AWSTraceHeader"] = new("String", "Root=1", null) },
        new MessageSystemProperties(3, 1795282401391, 1795282401500, "AKIDSENDER", null, null, null, "Root=1", null));
}

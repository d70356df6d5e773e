using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PostOffice.Storage;

namespace PostOffice.Aws.Tests.Http;

/// <summary>Requests that are wrong on the wire each get the right error in the right protocol, never a 500.</summary>
public sealed class DispatchErrorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{\"QueueName\": ")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"QueueName\": 42}")]
    public async Task Json_MalformedOrMistypedBody_AnswersSerializationException(string body)
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("GetQueueUrl", body, Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazon.coral.service#SerializationException", "SerializationException");
        Assert.Empty(server.Queues.Calls);
    }

    [Fact]
    public async Task Json_InvalidUtf8_AnswersSerializationException()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)'}']) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", "AmazonSQS.ListQueues");

        using var response = await server.Client.SendAsync(request, Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazon.coral.service#SerializationException", "SerializationException");
    }

    [Fact]
    public async Task Json_UnknownAction_AnswersUnknownOperation()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("FlyToTheMoon", "{}", Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazon.coral.service#UnknownOperationException", "InvalidAction");
    }

    [Fact]
    public async Task Json_UnknownTargetPrefix_AnswersUnknownOperationWithoutQueryHeader()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("{}") };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "Kinesis_20131202.ListStreams");

        using var response = await server.Client.SendAsync(request, Token);

        var body = await Responses.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("com.amazon.coral.service#UnknownOperationException", body.GetProperty("__type").GetString());
        Assert.False(response.Headers.Contains("x-amzn-query-error"));
    }

    [Fact]
    public async Task Json_EmptyBody_ReadsAsNoParameters()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("ListQueues", string.Empty, Token);

        await Responses.ReadJsonAsync(response);
        Assert.Equal("ListQueuesAsync", server.Queues.SingleCall().Method);
    }

    [Fact]
    public async Task Query_NoAction_AnswersMissingAction()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Version=2012-11-05&QueueName=q", Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "MissingAction");
    }

    [Fact]
    public async Task Query_UnknownAction_AnswersInvalidAction()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=FlyToTheMoon&Version=2012-11-05", Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "InvalidAction");
    }

    [Theory]
    [InlineData("Action=GetQueueUrl&Version=2012-11-05&QueueName=%zz")]
    [InlineData("Action=GetQueueUrl&Version=2012-11-05&QueueName=%4")]
    [InlineData("Action=GetQueueUrl&Version=2012-11-05&QueueName=%C3%28")]
    public async Task Query_BadPercentEncodingOrUtf8_AnswersMalformedQueryString(string form)
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync(form, Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.NotFound, "MalformedQueryString");
        Assert.Empty(server.Queues.Calls);
    }

    [Fact]
    public async Task Query_NonIntegerNumber_AnswersInvalidParameterValue()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=ReceiveMessage&Version=2012-11-05&QueueUrl=%2F0%2Fq&MaxNumberOfMessages=ten", Token);

        var error = await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "InvalidParameterValue");
        Assert.Equal("Value ten for parameter MaxNumberOfMessages is invalid. Reason: must be an integer.", error.Element(Responses.Sqs + "Message")?.Value);
    }

    [Fact]
    public async Task Query_MissingRequiredParameter_AnswersMissingParameterByQueryName()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=DeleteMessageBatch&Version=2012-11-05&QueueUrl=%2F0%2Fq&DeleteMessageBatchRequestEntry.1.Id=a", Token);

        var error = await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "MissingParameter");
        Assert.Equal(
            "The request must contain the parameter DeleteMessageBatchRequestEntry.1.ReceiptHandle.", error.Element(Responses.Sqs + "Message")?.Value);
    }

    [Fact]
    public async Task Query_QueueUrlWithoutQueue_AnswersInvalidAddress()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=PurgeQueue&Version=2012-11-05&QueueUrl=http%3A%2F%2Fhost%2Fq1", Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.NotFound, "InvalidAddress");
    }

    [Fact]
    public async Task Query_UnsignedWithoutVersion_RoutesByTheActionOnlySqsHas()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync("Action=ListQueues", Token, authorization: null);

        await Responses.ReadQueryResultAsync(response, "ListQueues");
        Assert.Equal("ListQueuesAsync", server.Queues.SingleCall().Method);
    }

    [Fact]
    public async Task Query_SignedForAServiceNotServed_AnswersInvalidActionWithoutNamespace()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostFormAsync(
            "Action=AddPermission&Version=2010-03-31&TopicArn=arn", Token,
            authorization: "AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00");

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.BadRequest, "InvalidAction", XNamespaceNone);
        Assert.Empty(server.Queues.Calls);
    }

    [Fact]
    public async Task StorageFailure_AnyAction_AnswersServiceUnavailableAsReceiverFault()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new StorageFailedException("fsync failed", new IOException("EIO"));

        using var response = await server.PostJsonAsync("SendMessage", """{"QueueUrl": "/000000000000/q", "MessageBody": "x"}""", Token);

        var body = await Responses.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("com.amazon.coral.service#ServiceUnavailableException", body.GetProperty("__type").GetString());
        Assert.Equal("ServiceUnavailable;Receiver", Assert.Single(response.Headers.GetValues("x-amzn-query-error")));
    }

    [Fact]
    public async Task Body_LargerThanTheLimit_AnswersRequestEntityTooLarge()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        var body = new StringBuilder("Action=SendMessage&Version=2012-11-05&QueueUrl=%2F0%2Fq&MessageBody=").Append('x', 8 * 1024 * 1024).ToString();

        using var response = await server.PostFormAsync(body, Token);

        await Responses.AssertXmlErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
        Assert.Empty(server.Queues.Calls);
    }

    private static readonly System.Xml.Linq.XNamespace XNamespaceNone = System.Xml.Linq.XNamespace.None;
}

using System.Net;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Http;

/// <summary>The queue-management actions over JSON: what reaches the engine and what comes back.</summary>
public sealed class SqsJsonQueueActionsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListQueues_PrefixAndPage_AnswersUrlsOnCalledHostAndNextToken()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Page = new QueuePage(["cap-a", "cap-b"], "token-2");

        using var response = await server.PostJsonAsync("ListQueues", """{"QueueNamePrefix": "cap-", "MaxResults": 2, "NextToken": "token-1"}""", Token);

        var body = await Responses.ReadJsonAsync(response);
        Assert.Equal(
            [$"http://{server.Host}/000000000000/cap-a", $"http://{server.Host}/000000000000/cap-b"],
            body.GetProperty("QueueUrls").EnumerateArray().Select(url => url.GetString()));
        Assert.Equal("token-2", body.GetProperty("NextToken").GetString());
        Assert.Equal(("cap-", (int?)2, "token-1"), server.Queues.SingleCall().Argument);
    }

    [Fact]
    public async Task ListQueues_NoQueues_OmitsQueueUrlsAsAwsDoes()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("ListQueues", "{}", Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(response)).GetRawText());
        Assert.Equal(((string?)null, (int?)null, (string?)null), server.Queues.SingleCall().Argument);
    }

    [Fact]
    public async Task ListDeadLetterSourceQueues_NoSources_AnswersTheRequiredEmptyList()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("ListDeadLetterSourceQueues", """{"QueueUrl": "http://h/000000000000/dlq", "MaxResults": 5}""", Token);

        Assert.Equal("""{"queueUrls":[]}""", (await Responses.ReadJsonAsync(response)).GetRawText());
        Assert.Equal(new RecordedCall("ListDeadLetterSourceQueuesAsync", "dlq", ((int?)5, (string?)null)), server.Queues.SingleCall());
    }

    [Fact]
    public async Task GetQueueAttributes_AttributeNames_PassesNamesAndAnswersAttributeMap()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = "30", ["QueueArn"] = "arn:aws:sqs:us-east-1:000000000000:q1" };

        using var response = await server.PostJsonAsync(
            "GetQueueAttributes", """{"QueueUrl": "http://h/000000000000/q1", "AttributeNames": ["VisibilityTimeout", "QueueArn"]}""", Token);

        var body = await Responses.ReadJsonAsync(response);
        Assert.Equal("30", body.GetProperty("Attributes").GetProperty("VisibilityTimeout").GetString());
        Assert.Equal(["VisibilityTimeout", "QueueArn"], Assert.IsType<List<string>>(server.Queues.SingleCall().Argument));
    }

    [Fact]
    public async Task SetQueueAttributes_RedrivePolicy_PassesTheJsonStringUnchanged()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync(
            "SetQueueAttributes",
            """{"QueueUrl": "http://h/000000000000/q1", "Attributes": {"RedrivePolicy": "{\"deadLetterTargetArn\": \"arn:aws:sqs:us-east-1:000000000000:dlq\", \"maxReceiveCount\": \"3\"}"}}""",
            Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(response)).GetRawText());
        var attributes = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(server.Queues.SingleCall().Argument);
        Assert.Equal("""{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:000000000000:dlq", "maxReceiveCount": "3"}""", attributes["RedrivePolicy"]);
    }

    [Fact]
    public async Task TagUntagAndListTags_Requests_ReachTheEngine()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Tags = new Dictionary<string, string> { ["b"] = "2" };

        using var tag = await server.PostJsonAsync("TagQueue", """{"QueueUrl": "/000000000000/q1", "Tags": {"a": "1", "b": "2"}}""", Token);
        using var untag = await server.PostJsonAsync("UntagQueue", """{"QueueUrl": "/000000000000/q1", "TagKeys": ["a", "k"]}""", Token);
        using var list = await server.PostJsonAsync("ListQueueTags", """{"QueueUrl": "/000000000000/q1"}""", Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(tag)).GetRawText());
        Assert.Equal("{}", (await Responses.ReadJsonAsync(untag)).GetRawText());
        Assert.Equal("""{"Tags":{"b":"2"}}""", (await Responses.ReadJsonAsync(list)).GetRawText());
        var calls = server.Queues.Calls;
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(calls[0].Argument));
        Assert.Equal(["a", "k"], Assert.IsType<List<string>>(calls[1].Argument));
        Assert.Equal(["TagQueueAsync", "UntagQueueAsync", "ListQueueTagsAsync"], calls.Select(call => call.Method));
    }

    [Fact]
    public async Task PurgeQueueAndDeleteQueue_Requests_AnswerEmptyObjects()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var purge = await server.PostJsonAsync("PurgeQueue", """{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/q1"}""", Token);
        using var delete = await server.PostJsonAsync("DeleteQueue", """{"QueueUrl": "http://localhost:4566/000000000000/q2"}""", Token);

        Assert.Equal("{}", (await Responses.ReadJsonAsync(purge)).GetRawText());
        Assert.Equal("{}", (await Responses.ReadJsonAsync(delete)).GetRawText());
        Assert.Equal([new RecordedCall("PurgeQueueAsync", "q1", null), new RecordedCall("DeleteQueueAsync", "q2", null)], server.Queues.Calls);
    }

    [Fact]
    public async Task PurgeQueue_Within60Seconds_AnswersPurgeQueueInProgressWith403()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new QueueException(QueueErrorCode.PurgeQueueInProgress, "Only one PurgeQueue operation on q1 is allowed every 60 seconds.");

        using var response = await server.PostJsonAsync("PurgeQueue", """{"QueueUrl": "/000000000000/q1"}""", Token);

        await Responses.AssertJsonErrorAsync(
            response, HttpStatusCode.Forbidden, "com.amazonaws.sqs#PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress");
    }

    [Fact]
    public async Task MessageMoveTasks_StartListCancel_MapArnsHandlesAndCounts()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.MoveTasks =
        [
            new MessageMoveTask("task-1", "RUNNING", "arn:dlq", null, 5, 3, 10, null, 1700000000000),
            new MessageMoveTask("task-0", "FAILED", "arn:dlq", "arn:src", null, 1, 2, "gone", 1600000000000),
        ];

        using var start = await server.PostJsonAsync(
            "StartMessageMoveTask", """{"SourceArn": "arn:dlq", "DestinationArn": "arn:src", "MaxNumberOfMessagesPerSecond": 5}""", Token);
        using var list = await server.PostJsonAsync("ListMessageMoveTasks", """{"SourceArn": "arn:dlq", "MaxResults": 5}""", Token);
        using var cancel = await server.PostJsonAsync("CancelMessageMoveTask", """{"TaskHandle": "task-1"}""", Token);

        Assert.Equal("""{"TaskHandle":"task-1"}""", (await Responses.ReadJsonAsync(start)).GetRawText());
        Assert.Equal(
            """{"Results":[{"TaskHandle":"task-1","Status":"RUNNING","SourceArn":"arn:dlq","MaxNumberOfMessagesPerSecond":5,"ApproximateNumberOfMessagesMoved":3,"ApproximateNumberOfMessagesToMove":10,"StartedTimestamp":1700000000000},"""
            + """{"Status":"FAILED","SourceArn":"arn:dlq","DestinationArn":"arn:src","ApproximateNumberOfMessagesMoved":1,"ApproximateNumberOfMessagesToMove":2,"FailureReason":"gone","StartedTimestamp":1600000000000}]}""",
            (await Responses.ReadJsonAsync(list)).GetRawText());
        Assert.Equal("""{"ApproximateNumberOfMessagesMoved":42}""", (await Responses.ReadJsonAsync(cancel)).GetRawText());
        Assert.Equal(
            [
                new RecordedCall("StartMessageMoveTaskAsync", "arn:dlq", ("arn:src", (int?)5)),
                new RecordedCall("ListMessageMoveTasksAsync", "arn:dlq", (int?)5),
                new RecordedCall("CancelMessageMoveTaskAsync", "task-1", null),
            ],
            server.Queues.Calls);
    }

    [Fact]
    public async Task MessageMoveTask_UnknownSource_AnswersResourceNotFoundException()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new QueueException(QueueErrorCode.ResourceNotFound, "The resource that you specified for the SourceArn parameter doesn't exist.");

        using var response = await server.PostJsonAsync("StartMessageMoveTask", """{"SourceArn": "arn:nope"}""", Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.NotFound, "com.amazonaws.sqs#ResourceNotFoundException", "ResourceNotFoundException");
    }

    [Fact]
    public async Task AddPermission_JsonLists_ReachTheEngine()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync(
            "AddPermission",
            """{"QueueUrl": "/000000000000/q1", "Label": "l1", "AWSAccountIds": ["111122223333", "444455556666"], "Actions": ["SendMessage", "ReceiveMessage"]}""",
            Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new RecordedCall("AddPermissionAsync", "q1", ("l1", "111122223333,444455556666", "SendMessage,ReceiveMessage")),
            server.Queues.SingleCall());
    }

    [Fact]
    public async Task RemovePermission_UnknownLabel_AnswersInvalidParameterValue()
    {
        await using var server = await AwsTestServer.StartAsync(Token);
        server.Queues.Failure = new QueueException(
            QueueErrorCode.InvalidParameterValue, "Value l1 for parameter Label is invalid. Reason: can't find label on existing policy.");

        using var response = await server.PostJsonAsync("RemovePermission", """{"QueueUrl": "/000000000000/q1", "Label": "l1"}""", Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#InvalidParameterValue", "InvalidParameterValue");
        Assert.Equal(new RecordedCall("RemovePermissionAsync", "q1", "l1"), server.Queues.SingleCall());
    }

    [Fact]
    public async Task RemovePermission_NoLabel_AnswersMissingParameter()
    {
        await using var server = await AwsTestServer.StartAsync(Token);

        using var response = await server.PostJsonAsync("RemovePermission", """{"QueueUrl": "/000000000000/q1"}""", Token);

        await Responses.AssertJsonErrorAsync(response, HttpStatusCode.BadRequest, "com.amazonaws.sqs#MissingParameter", "MissingParameter");
        Assert.Empty(server.Queues.Calls);
    }
}

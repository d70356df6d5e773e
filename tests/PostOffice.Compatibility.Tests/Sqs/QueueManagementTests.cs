using System.Globalization;
using System.Text.Json;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>CreateQueue, GetQueueUrl, ListQueues, Get/SetQueueAttributes, tags and DeleteQueue, through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class QueueManagementTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task CreateQueue_StandardAndFifoWithAttributes_ReportsUrlsAndAttributes(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "queue_attributes", server.Endpoint)).AssertCompleted();
        var (standard, fifo, deadLetter) = ($"{run.QueuePrefix}-std", $"{run.QueuePrefix}-fifo.fifo", $"{run.QueuePrefix}-dlq");

        run.Verify(() =>
        {
            run.Equal(server.QueueUrl(deadLetter), "createDeadLetter.QueueUrl");
            run.Equal(server.QueueUrl(standard), "createStandard.QueueUrl");
            run.Equal(server.QueueUrl(fifo), "createFifo.QueueUrl");
            run.Equal(server.QueueUrl(standard), "getStandardUrl.QueueUrl");
            run.Equal(server.QueueUrl(fifo), "getFifoUrl.QueueUrl");
            run.EquivalentTo([server.QueueUrl(standard), server.QueueUrl(fifo), server.QueueUrl(deadLetter)], "listByPrefix.QueueUrls");
            run.Equal([], "listByUnusedPrefix.QueueUrls");

            // The attributes given at creation, and the counters of an empty queue.
            // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html
            run.Equal("45", "standardAttributes.Attributes.VisibilityTimeout");
            run.Equal("2", "standardAttributes.Attributes.DelaySeconds");
            run.Equal("3600", "standardAttributes.Attributes.MessageRetentionPeriod");
            run.Equal("2048", "standardAttributes.Attributes.MaximumMessageSize");
            run.Equal("3", "standardAttributes.Attributes.ReceiveMessageWaitTimeSeconds");
            run.Equal(SqsServerFixture.QueueArn(standard), "standardAttributes.Attributes.QueueArn");
            run.Equal("0", "standardAttributes.Attributes.ApproximateNumberOfMessages");
            run.Equal("0", "standardAttributes.Attributes.ApproximateNumberOfMessagesNotVisible");
            run.Equal("0", "standardAttributes.Attributes.ApproximateNumberOfMessagesDelayed");
            run.Missing("standardAttributes.Attributes.FifoQueue");

            // "CreatedTimestamp – Returns the time when the queue was created in seconds (epoch time)": whole seconds.
            var before = run.At("clock.before").GetInt64();
            var after = run.At("clock.after").GetInt64();
            foreach (var path in (string[])["standardAttributes.Attributes.CreatedTimestamp", "standardAttributes.Attributes.LastModifiedTimestamp"])
            {
                run.Check(
                    long.TryParse(run.Text(path), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds >= before - 1 && seconds <= after + 1,
                    path,
                    $"whole epoch seconds between {before} and {after}");
            }

            run.Equal("true", "fifoAttributes.Attributes.FifoQueue");
            run.Equal("true", "fifoAttributes.Attributes.ContentBasedDeduplication");
            run.Equal("20", "fifoAttributes.Attributes.VisibilityTimeout");
            run.Equal(SqsServerFixture.QueueArn(fifo), "fifoAttributes.Attributes.QueueArn");

            // Defaults, as CreateQueue documents them. MaximumMessageSize: "Default: 1,048,576 bytes (1 MiB)" since
            // SQS raised the limit from 256 KiB, existing queues included.
            // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
            // https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb
            run.Equal("30", "deadLetterDefaults.Attributes.VisibilityTimeout");
            run.Equal("0", "deadLetterDefaults.Attributes.DelaySeconds");
            run.Equal("345600", "deadLetterDefaults.Attributes.MessageRetentionPeriod");
            run.Equal("1048576", "deadLetterDefaults.Attributes.MaximumMessageSize");
            run.Equal("0", "deadLetterDefaults.Attributes.ReceiveMessageWaitTimeSeconds");

            // Only the attributes asked for are returned.
            run.Equal(SqsServerFixture.QueueArn(deadLetter), "deadLetterArnOnly.Attributes.QueueArn");
            run.Check(run.At("deadLetterArnOnly.Attributes").EnumerateObject().Count() == 1, "deadLetterArnOnly.Attributes", "QueueArn alone");

            run.Equal("60", "standardAfterSet.Attributes.VisibilityTimeout");
            run.Equal("0", "standardAfterSet.Attributes.DelaySeconds");
            run.Equal("3600", "standardAfterSet.Attributes.MessageRetentionPeriod");
            AssertRedrivePolicy(run, "standardAfterSet.Attributes.RedrivePolicy", SqsServerFixture.QueueArn(deadLetter), maxReceiveCount: 5);
        });
    }

    /// <summary>
    /// "If you provide the name of an existing queue along with the exact names and values of all the queue's
    /// attributes, CreateQueue returns the queue URL for the existing queue. If the queue name, attribute names, or
    /// attribute values don't match an existing queue, CreateQueue returns an error."
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task CreateQueue_SameNameTwice_ReturnsQueueOnlyWhenAttributesMatch(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "queue_create_twice", server.Endpoint)).AssertCompleted();
        var (name, fifo) = ($"{run.QueuePrefix}-twice", $"{run.QueuePrefix}-twice.fifo");

        run.Verify(() =>
        {
            run.Equal(server.QueueUrl(name), "create.QueueUrl");
            run.Equal(server.QueueUrl(name), "createSameAgain.QueueUrl");
            run.Error(SqsError.QueueNameExists, "createDifferent");
            run.Equal(server.QueueUrl(fifo), "createFifo.QueueUrl");
            run.Equal(server.QueueUrl(fifo), "createFifoSameAgain.QueueUrl");
            run.Error(SqsError.QueueNameExists, "createFifoDifferent");

            // The refused CreateQueue changed nothing.
            run.Equal("40", "attributes.Attributes.VisibilityTimeout");
            run.Equal("1", "attributes.Attributes.DelaySeconds");
        });
    }

    /// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-tags.html</summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task TagQueue_AddAndRemoveTags_ListQueueTagsShowsTheResult(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "queue_tags", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Equal(server.QueueUrl($"{run.QueuePrefix}-tags"), "create.QueueUrl");
            run.Equal(new Dictionary<string, string> { ["team"] = "compat", ["stage"] = "test" }, "listInitial.Tags");

            // TagQueue adds and overwrites; UntagQueue removes.
            run.Equal(new Dictionary<string, string> { ["owner"] = "postoffice", ["stage"] = "prod" }, "listAfter.Tags");
        });
    }

    /// <summary>
    /// AddPermission writes a statement into the queue's Policy; RemovePermission takes it out by label.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html ("a maximum of
    /// seven actions per statement"), API_RemovePermission.html, and the policy quotas of sqs-quotas.html.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task AddPermission_TwoLabels_PolicyHoldsAStatementPerLabelUntilRemoved(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "permissions", server.Endpoint)).AssertCompleted();
        var arn = SqsServerFixture.QueueArn($"{run.QueuePrefix}-perm");

        run.Verify(() =>
        {
            var policy = JsonDocument.Parse(run.Text("policy.Attributes.Policy")).RootElement;
            run.Check(policy.GetProperty("Version").GetString() == "2012-10-17", "policy.Attributes.Policy", "Version 2012-10-17");
            run.Check(policy.GetProperty("Id").GetString() == $"{arn}/SQSDefaultPolicy", "policy.Attributes.Policy", $"Id {arn}/SQSDefaultPolicy");
            var statements = policy.GetProperty("Statement").EnumerateArray().ToList();
            run.Check(
                statements.Select(s => s.GetProperty("Sid").GetString()).SequenceEqual(["AliceSend", "Both"]),
                "policy.Attributes.Policy",
                "statements AliceSend then Both");
            var alice = statements[0];
            run.Check(
                alice.GetProperty("Effect").GetString() == "Allow"
                    && alice.GetProperty("Principal").GetProperty("AWS").GetString() == "arn:aws:iam::111122223333:root"
                    && alice.GetProperty("Action").GetString() == "SQS:SendMessage"
                    && alice.GetProperty("Resource").GetString() == arn,
                "policy.Attributes.Policy",
                "AliceSend allowing arn:aws:iam::111122223333:root SQS:SendMessage on the queue");
            var both = statements[1];
            run.Check(
                both.GetProperty("Principal").GetProperty("AWS").EnumerateArray().Select(p => p.GetString())
                    .SequenceEqual(["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"])
                    && both.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).SequenceEqual(["SQS:ReceiveMessage", "SQS:DeleteMessage"]),
                "policy.Attributes.Policy",
                "Both with two principals and two actions as arrays");

            run.Error(SqsError.InvalidParameterValue, "addDuplicate");
            run.Error(SqsError.OverLimit, "addTooMany");
            run.Error(SqsError.InvalidParameterValue, "removeAgain");
            var remaining = JsonDocument.Parse(run.Text("policyAfterRemove.Attributes.Policy")).RootElement;
            run.Check(
                remaining.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()).SequenceEqual(["Both"]),
                "policyAfterRemove.Attributes.Policy",
                "only the Both statement");
            run.Missing("policyAfterAll.Attributes.Policy");
        });
    }

    /// <summary>
    /// AWS allows up to 60 s for a deletion to take effect ("requests you send involving that queue during the 60
    /// seconds might succeed", API_DeleteQueue.html); PostOffice is a single node and deletes at once, so this
    /// holds it to the stricter outcome that AWS reaches after the delay.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task DeleteQueue_ExistingQueue_NameNoLongerResolves(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "queue_delete", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Error(SqsError.QueueDoesNotExist, "getUrlAfterDelete");
            run.Equal([], "listAfterDelete.QueueUrls");
            run.Error(SqsError.QueueDoesNotExist, "sendAfterDelete");
        });
    }

    /// <summary>
    /// RedrivePolicy is a JSON document in a string. The clients set maxReceiveCount as the string "5" (as AWS's own
    /// set-queue-attributes example does); GetQueueAttributes returns it as a number, as in AWS's
    /// get-queue-attributes example: "{\"deadLetterTargetArn\":\"arn:...\",\"maxReceiveCount\":1000}".
    /// https://docs.aws.amazon.com/cli/latest/reference/sqs/get-queue-attributes.html
    /// </summary>
    internal static void AssertRedrivePolicy(ClientRun run, string path, string deadLetterTargetArn, int maxReceiveCount)
    {
        JsonElement policy;
        try
        {
            using var document = JsonDocument.Parse(run.Text(path));
            policy = document.RootElement.Clone();
        }
        catch (JsonException exception)
        {
            throw run.Failure(path.Split('.')[0], $"{path} is not JSON: {exception.Message}");
        }

        run.Check(
            policy.TryGetProperty("deadLetterTargetArn", out var arn) && arn.ValueKind == JsonValueKind.String && arn.GetString() == deadLetterTargetArn,
            path,
            $"deadLetterTargetArn \"{deadLetterTargetArn}\"");
        run.Check(
            policy.TryGetProperty("maxReceiveCount", out var count) && count.ValueKind == JsonValueKind.Number && count.GetInt32() == maxReceiveCount,
            path,
            $"maxReceiveCount as the number {maxReceiveCount}");
    }
}

using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>SendMessageBatch, DeleteMessageBatch and ChangeMessageVisibilityBatch, through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class BatchTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    /// <summary>
    /// "The result of sending each message is reported individually in the response. Because the batch request can
    /// result in a combination of successful and unsuccessful actions, you should check for batch errors even when
    /// the call returns an HTTP status code of 200." The same holds for the delete and visibility batches.
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task Batches_MixedGoodAndBadEntries_FailOnlyTheBadEntries(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "batch_entries", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.EquivalentTo(["ok-1", "ok-2"], "sendBatch.Successful", "Id");
            foreach (var (index, body) in SuccessfulBodies(run))
            {
                run.Equal(MessageMd5.OfBody(body), $"sendBatch.Successful[{index}].MD5OfMessageBody");
                run.Check(Guid.TryParse(run.Text($"sendBatch.Successful[{index}].MessageId"), out _), $"sendBatch.Successful[{index}].MessageId", "a UUID");
            }

            // DelaySeconds is 0 to 900: the entry fails, the others are sent.
            AssertSingleFailure(run, "sendBatch", "bad-delay", "InvalidParameterValue");
            run.Equal(["first", "second"], "receivedBodies");

            run.Equal(["del-1"], "deleteBatch.Successful", "Id");
            AssertSingleFailure(run, "deleteBatch", "del-bogus", "ReceiptHandleIsInvalid");
            run.Equal(["vis-1"], "changeVisibilityBatch.Successful", "Id");
            AssertSingleFailure(run, "changeVisibilityBatch", "vis-bogus", "ReceiptHandleIsInvalid");

            // "first" was deleted; "second" is visible again at once, received a second time.
            run.Check(run.Items("receiveAfter.Messages").Count == 1, "receiveAfter.Messages", "one message");
            run.Equal("second", "receiveAfter.Messages[0].Body");
            run.Equal("2", "receiveAfter.Messages[0].Attributes.ApproximateReceiveCount");
        });
    }

    /// <summary>
    /// Errors of the whole request, listed for each batch action in the API reference: EmptyBatchRequest,
    /// TooManyEntriesInBatchRequest (more than 10), BatchEntryIdsNotDistinct, InvalidBatchEntryId ("alphanumeric
    /// characters, hyphens and underscores", at most 80).
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task Batches_MalformedRequest_FailWholeWithBatchErrorCodes(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "batch_errors", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Error(SqsError.EmptyBatchRequest, "sendEmpty");
            run.Error(SqsError.TooManyEntriesInBatchRequest, "sendTooMany");
            run.Error(SqsError.BatchEntryIdsNotDistinct, "sendDuplicateIds");
            run.Error(SqsError.InvalidBatchEntryId, "sendInvalidId");
            run.Error(SqsError.EmptyBatchRequest, "deleteEmpty");
            run.Error(SqsError.BatchEntryIdsNotDistinct, "changeVisibilityDuplicateIds");
            run.Equal([], "receiveAfter.Messages");
        });
    }

    private static IEnumerable<(int Index, string Body)> SuccessfulBodies(ClientRun run) =>
        run.Values("sendBatch.Successful", "Id").Select((id, index) => (index, id switch
        {
            "ok-1" => "first",
            "ok-2" => "second",
            _ => $"(no body sent with id {id})",
        }));

    private static void AssertSingleFailure(ClientRun run, string step, string id, string code)
    {
        run.Check(run.Items($"{step}.Failed").Count == 1, $"{step}.Failed", $"one failed entry, {id}");
        run.Equal(id, $"{step}.Failed[0].Id");
        run.Equal(code, $"{step}.Failed[0].Code");
        run.Equal(true, $"{step}.Failed[0].SenderFault");
    }
}

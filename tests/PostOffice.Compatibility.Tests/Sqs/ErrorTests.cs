using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sqs;

/// <summary>Error codes for bad requests, as each client surfaces them (see <see cref="SqsClients.SurfacedCode"/>).</summary>
[Trait("Category", "Compatibility")]
public sealed class ErrorTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    /// <summary>https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html (QueueDoesNotExist)</summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task AnyCall_NonexistentQueue_FailsWithQueueDoesNotExist(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "errors_nonexistent_queue", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            foreach (var step in (string[])["getUrl", "send", "receive", "getAttributes", "purge", "deleteQueue"])
            {
                run.Error(SqsError.QueueDoesNotExist, step);
            }
        });
    }

    /// <summary>
    /// InvalidAttributeName and InvalidAttributeValue (API_CreateQueue, API_GetQueueAttributes,
    /// API_SetQueueAttributes); a body over the queue's MaximumMessageSize and parameters out of range
    /// (DelaySeconds 0-900, MaxNumberOfMessages 1-10) are InvalidParameterValue; characters outside
    /// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF are InvalidMessageContents (API_SendMessage);
    /// a receipt handle that is not one is ReceiptHandleIsInvalid (API_DeleteMessage).
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
    /// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task Requests_InvalidInput_FailWithDocumentedErrorCodes(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "errors_invalid_input", server.Endpoint)).AssertCompleted();

        run.Verify(() =>
        {
            run.Error(SqsError.InvalidAttributeName, "createInvalidAttributeName");
            run.Error(SqsError.InvalidAttributeValue, "createInvalidAttributeValue");
            run.Error(SqsError.InvalidAttributeName, "getInvalidAttributeName");
            run.Error(SqsError.InvalidAttributeName, "setInvalidAttributeName");
            run.Equal(MessageMd5.OfBody(new string('x', 1024)), "sendAtLimit.MD5OfMessageBody");
            run.Error(SqsError.InvalidParameterValue, "sendTooLarge");
            run.Error(SqsError.InvalidMessageContents, "sendInvalidCharacters");
            run.Error(SqsError.InvalidParameterValue, "sendDelayTooLong");
            run.Error(SqsError.InvalidParameterValue, "receiveTooMany");
            run.Error(SqsError.ReceiptHandleIsInvalid, "deleteBogusReceipt");
        });
    }
}

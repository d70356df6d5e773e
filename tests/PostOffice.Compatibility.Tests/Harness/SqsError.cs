namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// An SQS error as the two protocols carry it. Over the JSON protocol the body's <c>__type</c> names the shape
/// (<c>com.amazonaws.sqs#QueueDoesNotExist</c>) and the <c>x-amzn-query-error</c> header carries the query code and
/// fault (<c>AWS.SimpleQueueService.NonExistentQueue;Sender</c>); over the query protocol <c>&lt;Code&gt;</c> is the
/// query code.
/// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-api-responses.html
/// The pairs and statuses are the <c>awsQueryError</c> traits of the SQS Smithy model (as shipped in
/// @aws-sdk/client-sqs and in botocore's query-protocol model); errors with no shape in the model are the common
/// errors of https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html.
/// </summary>
public sealed record SqsError(string ShapeName, string QueryCode, int HttpStatus)
{
    public static SqsError QueueDoesNotExist { get; } = new("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400);

    public static SqsError QueueNameExists { get; } = new("QueueNameExists", "QueueAlreadyExists", 400);

    public static SqsError PurgeQueueInProgress { get; } = new("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403);

    public static SqsError EmptyBatchRequest { get; } = new("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400);

    public static SqsError TooManyEntriesInBatchRequest { get; } =
        new("TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400);

    public static SqsError BatchEntryIdsNotDistinct { get; } = new("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400);

    public static SqsError InvalidBatchEntryId { get; } = new("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400);

    public static SqsError InvalidAttributeName { get; } = new("InvalidAttributeName", "InvalidAttributeName", 400);

    public static SqsError InvalidAttributeValue { get; } = new("InvalidAttributeValue", "InvalidAttributeValue", 400);

    public static SqsError InvalidMessageContents { get; } = new("InvalidMessageContents", "InvalidMessageContents", 400);

    public static SqsError OverLimit { get; } = new("OverLimit", "OverLimit", 403);

    public static SqsError ReceiptHandleIsInvalid { get; } = new("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404);

    /// <summary>A common error: no shape in the model, so every client surfaces the code itself.</summary>
    public static SqsError InvalidParameterValue { get; } = new("InvalidParameterValue", "InvalidParameterValue", 400);

    /// <summary>A common error: no shape in the model, so every client surfaces the code itself.</summary>
    public static SqsError MissingParameter { get; } = new("MissingParameter", "MissingParameter", 400);
}

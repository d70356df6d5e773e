namespace PostOffice.Broker.Queues;

/// <summary>
/// The failures the queue engine reports, named after AWS's SQS error codes. The protocol edges map each to its
/// wire code and HTTP status through their error catalog; the engine never deals in wire codes.
/// </summary>
public enum QueueErrorCode
{
    QueueDoesNotExist,
    QueueAlreadyExists,
    QueueDeletedRecently,
    InvalidAttributeName,
    InvalidAttributeValue,
    InvalidParameterValue,
    MissingParameter,
    InvalidMessageContents,
    ReceiptHandleIsInvalid,
    MessageNotInflight,
    PurgeQueueInProgress,
    OverLimit,
    UnsupportedOperation,
    ResourceNotFound,
    InvalidAddress,
    TooManyEntriesInBatchRequest,
    BatchEntryIdsNotDistinct,
    BatchRequestTooLong,
    EmptyBatchRequest,
    InvalidBatchEntryId,
    InvalidIdFormat,
}

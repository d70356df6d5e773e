namespace PostOffice.Broker.Topics;

/// <summary>
/// The failures the topic engine reports, named after AWS's SNS error codes
/// (https://docs.aws.amazon.com/sns/latest/api/CommonErrors.html and each action's Errors section). The protocol edge
/// maps each to its wire code and HTTP status through its error catalog.
/// </summary>
public enum TopicErrorCode
{
    InvalidParameter,
    InvalidParameterValue,
    NotFound,
    AuthorizationError,
    ResourceNotFound,
    TagLimitExceeded,
    FilterPolicyLimitExceeded,
    SubscriptionLimitExceeded,
    TopicLimitExceeded,
    EmptyBatchRequest,
    TooManyEntriesInBatchRequest,
    BatchEntryIdsNotDistinct,
    BatchRequestTooLong,
    InvalidBatchEntryId,
}

namespace PostOffice.Aws.Errors;

/// <summary>
/// The protocol-level error codes the edge raises itself, as keys of the error catalogs. Engine errors are keyed by
/// their engine enum names (<c>QueueErrorCode</c>) in the same catalogs.
/// </summary>
internal static class AwsErrorCodes
{
    public const string InvalidAction = "InvalidAction";
    public const string MissingAction = "MissingAction";
    public const string MalformedQueryString = "MalformedQueryString";
    public const string SerializationException = "SerializationException";
    public const string MissingParameter = "MissingParameter";
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string UnsupportedOperation = "UnsupportedOperation";
    public const string InvalidAddress = "InvalidAddress";
    public const string AccessDenied = "AccessDenied";
    public const string RequestThrottled = "RequestThrottled";
    public const string RequestEntityTooLarge = "RequestEntityTooLarge";
    public const string InternalFailure = "InternalFailure";
    public const string ServiceUnavailable = "ServiceUnavailable";

    /// <summary>Every code above, for the catalog completeness test.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        InvalidAction, MissingAction, MalformedQueryString, SerializationException, MissingParameter, InvalidParameterValue,
        UnsupportedOperation, InvalidAddress, AccessDenied, RequestThrottled, RequestEntityTooLarge, InternalFailure, ServiceUnavailable,
    ];
}

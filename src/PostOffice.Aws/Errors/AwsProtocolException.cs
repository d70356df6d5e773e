namespace PostOffice.Aws.Errors;

/// <summary>
/// A request the edge rejects before or instead of reaching an engine: malformed wire input, an unknown action, a
/// missing parameter. Carries a catalog code; caught once by the dispatcher and written in the request's protocol.
/// </summary>
public sealed class AwsProtocolException : Exception
{
    public AwsProtocolException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public AwsProtocolException()
        : this(AwsErrorCodes.InternalFailure, "The request processing has failed.")
    {
    }

    public AwsProtocolException(string message)
        : this(AwsErrorCodes.InvalidParameterValue, message)
    {
    }

    public AwsProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = AwsErrorCodes.InvalidParameterValue;
    }

    /// <summary>The catalog key (see <see cref="AwsErrorCodes"/>).</summary>
    public string Code { get; }

    internal static AwsProtocolException MissingParameter(string name) =>
        new(AwsErrorCodes.MissingParameter, $"The request must contain the parameter {name}.");

    internal static AwsProtocolException InvalidParameterValue(string name, string value, string reason) =>
        new(AwsErrorCodes.InvalidParameterValue, $"Value {value} for parameter {name} is invalid. Reason: {reason}");

    internal static AwsProtocolException Serialization(string name, string expected) =>
        new(AwsErrorCodes.SerializationException, $"Unexpected value for {name}: expected {expected}.");
}

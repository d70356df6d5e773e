namespace PostOffice.Aws.Errors;

/// <summary>One wire error, as an entry of an error catalog.</summary>
/// <param name="Code">The catalog key: an engine error name (<c>QueueDoesNotExist</c>) or an <see cref="AwsErrorCodes"/> constant.</param>
/// <param name="JsonType">The JSON protocol's <c>__type</c>: the shape id, <c>com.amazonaws.sqs#QueueDoesNotExist</c>.</param>
/// <param name="QueryCode">The awsQuery <c>&lt;Code&gt;</c>, also sent in <c>x-amzn-query-error</c> by query-compatible JSON services.</param>
/// <param name="HttpStatus">The response status.</param>
/// <param name="SenderFault">True for <c>Sender</c> (the caller's fault), false for <c>Receiver</c>.</param>
/// <param name="DefaultMessage">Used when the failure carries no message of its own.</param>
internal sealed record AwsErrorDefinition(string Code, string JsonType, string QueryCode, int HttpStatus, bool SenderFault, string DefaultMessage)
{
    public string Fault => SenderFault ? "Sender" : "Receiver";
}

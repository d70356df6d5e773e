using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Dispatch;

/// <summary>One action of one service (STYLE §9: a handler type per action, registered in the service's table).</summary>
internal interface IAwsAction
{
    /// <summary>The action name as sent on the wire: <c>SendMessage</c>.</summary>
    string Name { get; }

    /// <summary>False when the output shape is empty: the query protocol then answers without an <c>XxxResult</c> element.</summary>
    bool HasResult { get; }

    /// <summary>
    /// Reads the input, calls the engine and writes the result. Failures throw (engine exceptions or
    /// <see cref="Errors.AwsProtocolException"/>); anything already written is then discarded.
    /// </summary>
    ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken);
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>RemovePermission: QueueUrl, Label. Unsupported, like <see cref="AddPermissionAction"/>: there is no permission to remove.</summary>
internal sealed class RemovePermissionAction : IAwsAction
{
    private static readonly AwsMember Label = new("Label");

    public string Name => "RemovePermission";

    public bool HasResult => false;

    public ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        SqsQueueUrl.ResolveQueueName(request);
        request.Input.RequireString(Label);
        throw new AwsProtocolException(
            AwsErrorCodes.UnsupportedOperation, "RemovePermission is not supported: PostOffice has no queue policies to remove a permission from.");
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>
/// AddPermission: QueueUrl, Label, AWSAccountIds, Actions. PostOffice has one account and no queue policies yet
/// (identities and their policies are ARCH §6), and the engine has nothing to store a grant in; so after checking
/// the request's shape this answers UnsupportedOperation rather than pretending to grant access.
/// </summary>
internal sealed class AddPermissionAction : IAwsAction
{
    private static readonly AwsMember Label = new("Label");
    private static readonly AwsMember AwsAccountIds = new("AWSAccountIds", "AWSAccountId");
    private static readonly AwsMember Actions = new("Actions", "ActionName");

    public string Name => "AddPermission";

    public bool HasResult => false;

    public ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        SqsQueueUrl.ResolveQueueName(request);
        request.Input.RequireString(Label);
        if (request.Input.GetStringList(AwsAccountIds).Count == 0)
        {
            throw AwsProtocolException.MissingParameter(request.Input.NameOf(AwsAccountIds));
        }

        if (request.Input.GetStringList(Actions).Count == 0)
        {
            throw AwsProtocolException.MissingParameter(request.Input.NameOf(Actions));
        }

        throw new AwsProtocolException(
            AwsErrorCodes.UnsupportedOperation, "AddPermission is not supported: PostOffice has no queue policies to add a permission to.");
    }
}

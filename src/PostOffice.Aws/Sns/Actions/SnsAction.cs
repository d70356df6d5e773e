using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>The base of SNS actions: the engine they call, and engine errors turned into catalog codes.</summary>
internal abstract class SnsAction(ITopicService topics) : IAwsAction
{
    public abstract string Name { get; }

    public virtual bool HasResult => true;

    protected ITopicService Topics { get; } = topics;

    public async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(request, output, cancellationToken);
        }
        catch (TopicException exception)
        {
            // The catalog key of an engine error is its enum name (Sns/SnsErrors.json).
            throw new AwsProtocolException(exception.Code.ToString(), exception.Message);
        }
    }

    protected abstract ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken);

    /// <summary>A required string; SNS words a missing one as InvalidParameter.</summary>
    protected static string Require(IAwsInput input, AwsMember member) =>
        input.GetString(member) ?? throw new AwsProtocolException(nameof(TopicErrorCode.InvalidParameter), $"Invalid parameter: {member.JsonName}");

    /// <summary>The service endpoint URLs in envelopes lead back to.</summary>
    protected static string ServiceEndpoint(AwsRequest request) => request.Endpoint;
}

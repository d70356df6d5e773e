using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>GetTopicAttributes: TopicArn → Attributes.</summary>
internal sealed class GetTopicAttributesAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "GetTopicAttributes";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var attributes = await Topics.GetTopicAttributesAsync(Require(request.Input, SnsMembers.TopicArn), cancellationToken);
        SnsOutput.WriteStringMap(output, "Attributes", attributes);
    }
}

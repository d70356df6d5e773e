using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>ListTagsForResource: ResourceArn → Tags.</summary>
internal sealed class ListTagsForResourceAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "ListTagsForResource";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var tags = await Topics.ListTagsForResourceAsync(Require(request.Input, SnsMembers.ResourceArn), cancellationToken);
        SnsOutput.WriteStructureList(output, "Tags", tags.OrderBy(t => t.Key, StringComparer.Ordinal), static (o, tag) =>
        {
            o.WriteString(new AwsMember("Key"), tag.Key);
            o.WriteString(new AwsMember("Value"), tag.Value);
        });
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>UntagResource: ResourceArn, TagKeys.</summary>
internal sealed class UntagResourceAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "UntagResource";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        await Topics.UntagResourceAsync(Require(input, SnsMembers.ResourceArn), input.GetStringList(SnsMembers.TagKeys), cancellationToken);
    }
}

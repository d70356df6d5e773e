using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>TagResource: ResourceArn, Tags (Tags.member.N.Key / .Value in a form).</summary>
internal sealed class TagResourceAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "TagResource";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        await Topics.TagResourceAsync(Require(input, SnsMembers.ResourceArn), input.GetStringMap(SnsMembers.Tags, "Key", "Value"), cancellationToken);
    }
}

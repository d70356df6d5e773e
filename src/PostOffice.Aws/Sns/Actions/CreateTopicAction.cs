using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>CreateTopic: Name, Attributes, Tags → TopicArn.</summary>
internal sealed class CreateTopicAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "CreateTopic";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var arn = await Topics.CreateTopicAsync(
            new CreateTopicRequest(Require(input, SnsMembers.Name), input.GetStringMap(SnsMembers.Attributes, "key", "value"), input.GetStringMap(SnsMembers.Tags, "Key", "Value")),
            cancellationToken);
        output.WriteString(SnsMembers.TopicArn, arn);
    }
}

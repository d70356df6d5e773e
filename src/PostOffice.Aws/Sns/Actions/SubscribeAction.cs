using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>Subscribe: TopicArn, Protocol, Endpoint, Attributes, ReturnSubscriptionArn → SubscriptionArn.</summary>
internal sealed class SubscribeAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "Subscribe";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var arn = await Topics.SubscribeAsync(
            new SubscribeRequest(
                Require(input, SnsMembers.TopicArn),
                Require(input, SnsMembers.Protocol),
                input.GetString(SnsMembers.Endpoint),
                input.GetStringMap(SnsMembers.Attributes, "key", "value"),
                string.Equals(input.GetString(SnsMembers.ReturnSubscriptionArn), "true", StringComparison.OrdinalIgnoreCase),
                ServiceEndpoint(request)),
            cancellationToken);
        output.WriteString(SnsMembers.SubscriptionArn, arn);
    }
}

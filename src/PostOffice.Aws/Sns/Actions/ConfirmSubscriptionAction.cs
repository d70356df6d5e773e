using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns.Actions;

/// <summary>ConfirmSubscription: TopicArn, Token, AuthenticateOnUnsubscribe → SubscriptionArn. Also the target of SubscribeURL (a GET).</summary>
internal sealed class ConfirmSubscriptionAction(ITopicService topics) : SnsAction(topics)
{
    public override string Name => "ConfirmSubscription";

    protected override async ValueTask RunAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var arn = await Topics.ConfirmSubscriptionAsync(
            Require(input, SnsMembers.TopicArn),
            Require(input, SnsMembers.Token),
            string.Equals(input.GetString(SnsMembers.AuthenticateOnUnsubscribe), "true", StringComparison.OrdinalIgnoreCase),
            cancellationToken);
        output.WriteString(SnsMembers.SubscriptionArn, arn);
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Sns.Actions;
using PostOffice.Broker.Topics;

namespace PostOffice.Aws.Sns;

/// <summary>
/// Amazon SNS on the wire: the 2010-03-31 query protocol (form POST, XML answers), which every SNS SDK speaks,
/// over the topic engine. One handler per action, registered here.
/// </summary>
internal sealed class SnsService : IAwsService
{
    public SnsService(ITopicService topics)
    {
        Actions = new AwsActionTable(
        [
            new CreateTopicAction(topics),
            new DeleteTopicAction(topics),
            new ListTopicsAction(topics),
            new GetTopicAttributesAction(topics),
            new SetTopicAttributesAction(topics),
            new AddPermissionAction(topics),
            new RemovePermissionAction(topics),
            new SubscribeAction(topics),
            new ConfirmSubscriptionAction(topics),
            new UnsubscribeAction(topics),
            new ListSubscriptionsAction(topics),
            new ListSubscriptionsByTopicAction(topics),
            new GetSubscriptionAttributesAction(topics),
            new SetSubscriptionAttributesAction(topics),
            new PublishAction(topics),
            new PublishBatchAction(topics),
            new ListTagsForResourceAction(topics),
            new TagResourceAction(topics),
            new UntagResourceAction(topics),
        ]);
    }

    /// <summary>SNS errors over the common ones (Sns/SnsErrors.json).</summary>
    public static AwsErrorCatalog Catalog { get; } = AwsErrorCatalog.LoadEmbedded("PostOffice.Aws.Sns.SnsErrors.json", AwsErrorCatalog.Common);

    public string Name => "SNS";

    public string SigningName => "sns";

    public string? QueryVersion => "2010-03-31";

    public string XmlNamespace => "http://sns.amazonaws.com/doc/2010-03-31/";

    public string? JsonTargetPrefix => null;

    public string JsonContentType => "application/x-amz-json-1.0";

    public bool IsQueryCompatible => false;

    public AwsErrorCatalog Errors => Catalog;

    public AwsActionTable Actions { get; }
}

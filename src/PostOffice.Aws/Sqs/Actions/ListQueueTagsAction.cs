using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>ListQueueTags: QueueUrl → Tags (omitted when empty).</summary>
internal sealed class ListQueueTagsAction(IQueueService queues) : SqsAction(queues)
{
    internal static readonly AwsMember Tags = new("Tags", "Tag");

    public override string Name => "ListQueueTags";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var tags = await Queues.ListQueueTagsAsync(SqsQueueUrl.ResolveQueueName(request), cancellationToken);
        if (tags.Count > 0)
        {
            output.WriteStringMap(Tags, "Key", "Value", tags);
        }
    }
}

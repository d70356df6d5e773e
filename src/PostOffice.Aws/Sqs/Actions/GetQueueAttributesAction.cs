using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>GetQueueAttributes: QueueUrl, AttributeNames → Attributes (omitted when empty). The engine validates the names.</summary>
internal sealed class GetQueueAttributesAction(IQueueService queues) : SqsAction(queues)
{
    private static readonly AwsMember AttributeNames = new("AttributeNames", "AttributeName");

    public override string Name => "GetQueueAttributes";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var attributes = await Queues.GetQueueAttributesAsync(
            SqsQueueUrl.ResolveQueueName(request), request.Input.GetStringList(AttributeNames), cancellationToken);
        if (attributes.Count > 0)
        {
            output.WriteStringMap(SqsMembers.Attributes, "Name", "Value", attributes);
        }
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>TagQueue: QueueUrl, Tags (required; Tag.N.Key / Tag.N.Value in a form).</summary>
internal sealed class TagQueueAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "TagQueue";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var tags = request.Input.GetStringMap(ListQueueTagsAction.Tags, "Key", "Value");
        if (tags.Count == 0)
        {
            throw AwsProtocolException.MissingParameter(request.Input.NameOf(ListQueueTagsAction.Tags));
        }

        await Queues.TagQueueAsync(queueName, tags, cancellationToken);
    }
}

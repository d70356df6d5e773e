using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>UntagQueue: QueueUrl, TagKeys (required; TagKey.N in a form).</summary>
internal sealed class UntagQueueAction(IQueueService queues) : SqsAction(queues)
{
    private static readonly AwsMember TagKeys = new("TagKeys", "TagKey");

    public override string Name => "UntagQueue";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var keys = request.Input.GetStringList(TagKeys);
        if (keys.Count == 0)
        {
            throw AwsProtocolException.MissingParameter(request.Input.NameOf(TagKeys));
        }

        await Queues.UntagQueueAsync(queueName, keys, cancellationToken);
    }
}

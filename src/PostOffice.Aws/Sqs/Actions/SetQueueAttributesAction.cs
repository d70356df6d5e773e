using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>SetQueueAttributes: QueueUrl, Attributes (required). The engine validates names and values.</summary>
internal sealed class SetQueueAttributesAction(IQueueService queues) : SqsAction(queues)
{
    public override string Name => "SetQueueAttributes";

    public override bool HasResult => false;

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var queueName = SqsQueueUrl.ResolveQueueName(request);
        var attributes = request.Input.GetStringMap(SqsMembers.Attributes, "Name", "Value");
        if (attributes.Count == 0)
        {
            throw AwsProtocolException.MissingParameter(request.Input.NameOf(SqsMembers.Attributes));
        }

        await Queues.SetQueueAttributesAsync(queueName, attributes, cancellationToken);
    }
}

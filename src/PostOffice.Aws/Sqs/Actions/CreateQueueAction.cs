using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>CreateQueue: QueueName, Attributes, tags → QueueUrl.</summary>
internal sealed class CreateQueueAction(IQueueService queues) : SqsAction(queues)
{
    // Lowercase in the JSON model; Tag.N.Key / Tag.N.Value in the query model.
    private static readonly AwsMember Tags = new("tags", "Tag");

    public override string Name => "CreateQueue";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var create = new CreateQueueRequest(
            input.RequireString(SqsMembers.QueueName),
            input.GetStringMap(SqsMembers.Attributes, "Name", "Value"),
            input.GetStringMap(Tags, "Key", "Value"));
        var queue = await Queues.CreateQueueAsync(create, cancellationToken);
        output.WriteString(SqsMembers.QueueUrl, SqsQueueUrl.For(request, queue.Name));
    }
}

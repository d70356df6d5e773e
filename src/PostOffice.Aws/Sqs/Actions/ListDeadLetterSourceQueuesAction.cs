using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>ListDeadLetterSourceQueues: QueueUrl, MaxResults, NextToken → queueUrls (required, so always written), NextToken.</summary>
internal sealed class ListDeadLetterSourceQueuesAction(IQueueService queues) : SqsAction(queues)
{
    // Lowercase in the JSON model, QueueUrl elements in XML.
    private static readonly AwsMember QueueUrls = new("queueUrls", "QueueUrl");

    public override string Name => "ListDeadLetterSourceQueues";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var page = await Queues.ListDeadLetterSourceQueuesAsync(
            SqsQueueUrl.ResolveQueueName(request), input.GetInt32(SqsMembers.MaxResults), input.GetString(SqsMembers.NextToken), cancellationToken);
        output.WriteStringList(QueueUrls, page.QueueNames.Select(name => SqsQueueUrl.For(request, name)));
        output.WriteString(SqsMembers.NextToken, page.NextToken);
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>ListQueues: QueueNamePrefix, MaxResults, NextToken → QueueUrls (omitted when empty, as AWS does), NextToken.</summary>
internal sealed class ListQueuesAction(IQueueService queues) : SqsAction(queues)
{
    private static readonly AwsMember QueueNamePrefix = new("QueueNamePrefix");
    private static readonly AwsMember QueueUrls = new("QueueUrls", "QueueUrl");

    public override string Name => "ListQueues";

    public override async ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken)
    {
        var input = request.Input;
        var page = await Queues.ListQueuesAsync(
            input.GetString(QueueNamePrefix), input.GetInt32(SqsMembers.MaxResults), input.GetString(SqsMembers.NextToken), cancellationToken);
        if (page.QueueNames.Count > 0)
        {
            output.WriteStringList(QueueUrls, page.QueueNames.Select(name => SqsQueueUrl.For(request, name)));
        }

        output.WriteString(SqsMembers.NextToken, page.NextToken);
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Protocol;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Sqs.Actions;

/// <summary>The base of SQS actions: the engine they call and the result flag.</summary>
internal abstract class SqsAction(IQueueService queues) : IAwsAction
{
    public abstract string Name { get; }

    public virtual bool HasResult => true;

    protected IQueueService Queues { get; } = queues;

    public abstract ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken);
}

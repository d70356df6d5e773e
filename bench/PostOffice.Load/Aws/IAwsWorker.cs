namespace PostOffice.Load.Aws;

/// <summary>One client's loop body; it keeps whatever state the operation needs between requests (an iterator).</summary>
internal interface IAwsWorker
{
    Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken);
}

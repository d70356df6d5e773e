namespace PostOffice.Load.Aws;

/// <summary>One AWS operation under load: setup (create the queue, topic or stream), optional prefill, workers, cleanup.</summary>
internal interface IAwsScenario
{
    /// <summary>Creates what the run needs; throws <see cref="AwsUnavailableException"/> when the endpoint lacks the API.</summary>
    Task SetupAsync(AwsClient client, CancellationToken cancellationToken);

    /// <summary>Writes the data a read scenario consumes; a no-op for write scenarios.</summary>
    Task PrefillAsync(AwsClient client, int parallelism, CancellationToken cancellationToken);

    IAwsWorker CreateWorker(int index);

    /// <summary>Deletes what setup created; failures are ignored.</summary>
    Task CleanupAsync(AwsClient client, CancellationToken cancellationToken);
}

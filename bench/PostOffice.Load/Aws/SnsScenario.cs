using System.Text.RegularExpressions;

namespace PostOffice.Load.Aws;

/// <summary>SNS over the query protocol (Action=...&amp;Version=2010-03-31): Publish to one topic without subscribers.</summary>
internal sealed partial class SnsScenario : IAwsScenario
{
    private const string Service = "sns";
    private const string Version = "2010-03-31";

    private readonly string _topicName;
    private readonly string _payload;
    private string _topicArn = string.Empty;
    private string _publishBody = string.Empty;

    public SnsScenario(AwsLoadSettings settings, string runId)
    {
        _topicName = $"postoffice-load-{runId}";
        _payload = JsonBody.Payload(settings.PayloadSize);
    }

    public async Task SetupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        var response = await client.PostQueryAsync(Service, $"Action=CreateTopic&Version={Version}&Name={SigV4Signer.UriEncode(_topicName)}", cancellationToken);
        var match = response.IsSuccess ? TopicArnPattern().Match(System.Text.Encoding.UTF8.GetString(response.Body)) : Match.Empty;
        if (!match.Success)
        {
            throw new AwsUnavailableException($"SNS CreateTopic (query protocol) answered {response.Describe()}");
        }

        _topicArn = match.Groups[1].Value;
        _publishBody = $"Action=Publish&Version={Version}&TopicArn={SigV4Signer.UriEncode(_topicArn)}&Message={SigV4Signer.UriEncode(_payload)}";
    }

    public Task PrefillAsync(AwsClient client, int parallelism, CancellationToken cancellationToken) => Task.CompletedTask;

    public IAwsWorker CreateWorker(int index) => new PublishWorker(this);

    public async Task CleanupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        if (_topicArn.Length > 0)
        {
            await client.PostQueryAsync(Service, $"Action=DeleteTopic&Version={Version}&TopicArn={SigV4Signer.UriEncode(_topicArn)}", cancellationToken);
        }
    }

    [GeneratedRegex("<TopicArn>([^<]+)</TopicArn>")]
    private static partial Regex TopicArnPattern();

    private sealed class PublishWorker(SnsScenario scenario) : IAwsWorker
    {
        public async Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken)
        {
            var response = await client.PostQueryAsync(Service, scenario._publishBody, cancellationToken);
            return response.IsSuccess ? new AwsOutcome(1, null) : AwsOutcome.Failed(response);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PostOffice.Load.Aws;

/// <summary>
/// SNS over the query protocol (Action=...&amp;Version=2010-03-31): Publish to one topic, which has no subscriber,
/// N subscribed SQS queues, or one subscribed HTTP endpoint of this process (see <see cref="IAwsDeliveries"/>).
/// With subscribers every message carries a <see cref="LoadStamp"/>: the send time and a sequence number.
/// </summary>
internal sealed partial class SnsScenario : IAwsScenario
{
    private const string Service = "sns";
    private const string Version = "2010-03-31";
    private static readonly TimeSpan ConfirmationTimeout = TimeSpan.FromSeconds(10);

    private readonly AwsLoadSettings _settings;
    private readonly string _topicName;
    private readonly string _payload;
    private readonly SubscribedQueue[] _queues;

    /// <summary>Deliveries expected per successful publish: the subscribed queues, or the one HTTP endpoint.</summary>
    private readonly int _fanOut;
    private string _topicArn = string.Empty;
    private string _publishBody = string.Empty;
    private string _publishPrefix = string.Empty;
    private PushEndpoint? _push;
    private string _pushSubscriptionArn = string.Empty;
    private long _sequence;
    private long _published;

    public SnsScenario(AwsLoadSettings settings, string runId)
    {
        _settings = settings;
        _topicName = $"postoffice-load-{runId}";
        _payload = JsonBody.Payload(settings.PayloadSize);
        var queues = settings.Operation == AwsOperation.SnsPublish ? settings.Subscriptions : 0;
        _queues = [.. Enumerable.Range(0, queues).Select(i => new SubscribedQueue(string.Create(CultureInfo.InvariantCulture, $"postoffice-load-{runId}-{i}")))];
        _fanOut = settings.Operation == AwsOperation.SnsHttpPush ? 1 : queues;
    }

    public async Task SetupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        if (_settings.Operation == AwsOperation.SnsHttpPush)
        {
            _push = await PushEndpoint.StartAsync(cancellationToken);
        }

        var response = await client.PostQueryAsync(Service, $"Action=CreateTopic&Version={Version}&Name={SigV4Signer.UriEncode(_topicName)}", cancellationToken);
        var match = response.IsSuccess ? TopicArnPattern().Match(Encoding.UTF8.GetString(response.Body)) : Match.Empty;
        if (!match.Success)
        {
            throw new AwsUnavailableException($"SNS CreateTopic (query protocol) answered {response.Describe()}");
        }

        _topicArn = match.Groups[1].Value;
        _publishPrefix = $"Action=Publish&Version={Version}&TopicArn={SigV4Signer.UriEncode(_topicArn)}&Message=";
        _publishBody = _publishPrefix + SigV4Signer.UriEncode(_payload);
        foreach (var queue in _queues)
        {
            await queue.CreateAsync(client, cancellationToken);
            queue.SubscriptionArn = await SubscribeAsync(client, "sqs", queue.Arn, cancellationToken);
        }

        if (_push is not null)
        {
            await SubscribePushEndpointAsync(client, _push, cancellationToken);
        }
    }

    public Task PrefillAsync(AwsClient client, int parallelism, CancellationToken cancellationToken) => Task.CompletedTask;

    public IAwsWorker CreateWorker(int index) => new PublishWorker(this);

    public async Task CleanupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        try
        {
            await StopConsumersAsync();
            foreach (var subscriptionArn in _queues.Select(queue => queue.SubscriptionArn).Append(_pushSubscriptionArn))
            {
                if (subscriptionArn.StartsWith("arn:", StringComparison.Ordinal))
                {
                    await client.PostQueryAsync(Service, $"Action=Unsubscribe&Version={Version}&SubscriptionArn={SigV4Signer.UriEncode(subscriptionArn)}", cancellationToken);
                }
            }

            foreach (var queue in _queues)
            {
                await queue.DeleteAsync(client, cancellationToken);
            }

            if (_topicArn.Length > 0)
            {
                await client.PostQueryAsync(Service, $"Action=DeleteTopic&Version={Version}&TopicArn={SigV4Signer.UriEncode(_topicArn)}", cancellationToken);
            }
        }
        finally
        {
            if (_push is not null)
            {
                await _push.DisposeAsync();
                _push = null;
            }

            _stopConsumers.Dispose();
        }
    }

    /// <summary>Subscribe; the answer is the subscription's ARN, or "pending confirmation" for an HTTP endpoint.</summary>
    private async Task<string> SubscribeAsync(AwsClient client, string protocol, string endpoint, CancellationToken cancellationToken)
    {
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Action=Subscribe&Version={Version}&TopicArn={SigV4Signer.UriEncode(_topicArn)}")
            .Append(CultureInfo.InvariantCulture, $"&Protocol={protocol}&Endpoint={SigV4Signer.UriEncode(endpoint)}");

        // Only a true value is sent: the default is false, and a peer that stores the text may take "false" as set.
        if (_settings.RawMessageDelivery)
        {
            body.Append("&Attributes.entry.1.key=RawMessageDelivery&Attributes.entry.1.value=true");
        }

        var response = await client.PostQueryAsync(Service, body.ToString(), cancellationToken);
        var match = response.IsSuccess ? SubscriptionArnPattern().Match(Encoding.UTF8.GetString(response.Body)) : Match.Empty;
        return match.Success
            ? match.Groups[1].Value
            : throw new AwsUnavailableException($"SNS Subscribe (protocol {protocol}) answered {response.Describe()}");
    }

    /// <summary>
    /// Subscribes the endpoint; when the answer is "pending confirmation", waits for the SubscriptionConfirmation
    /// POST and confirms with its token (ConfirmSubscription), as an HTTP subscriber of AWS must.
    /// </summary>
    private async Task SubscribePushEndpointAsync(AwsClient client, PushEndpoint push, CancellationToken cancellationToken)
    {
        var answer = await SubscribeAsync(client, "http", push.Url.ToString(), cancellationToken);
        if (answer.StartsWith("arn:", StringComparison.Ordinal))
        {
            _pushSubscriptionArn = answer;
            return;
        }

        SubscriptionConfirmation confirmation;
        try
        {
            confirmation = await push.Confirmation.WaitAsync(ConfirmationTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new AwsUnavailableException(string.Create(CultureInfo.InvariantCulture, $"SNS Subscribe (protocol http) answered '{answer}', but no SubscriptionConfirmation reached {push.Url} within {ConfirmationTimeout.TotalSeconds:0} s"));
        }

        var response = await client.PostQueryAsync(Service, $"Action=ConfirmSubscription&Version={Version}&TopicArn={SigV4Signer.UriEncode(confirmation.TopicArn)}&Token={SigV4Signer.UriEncode(confirmation.Token)}", cancellationToken);
        var match = response.IsSuccess ? SubscriptionArnPattern().Match(Encoding.UTF8.GetString(response.Body)) : Match.Empty;
        _pushSubscriptionArn = match.Success
            ? match.Groups[1].Value
            : throw new AwsUnavailableException($"SNS ConfirmSubscription answered {response.Describe()}");
    }

    private string StampedPublishBody()
    {
        var sequence = Interlocked.Increment(ref _sequence) - 1;
        return _publishPrefix + SigV4Signer.UriEncode(LoadStamp.Message(Stopwatch.GetTimestamp(), sequence, _settings.PayloadSize));
    }

    [GeneratedRegex("<TopicArn>([^<]+)</TopicArn>")]
    private static partial Regex TopicArnPattern();

    [GeneratedRegex("<SubscriptionArn>([^<]+)</SubscriptionArn>")]
    private static partial Regex SubscriptionArnPattern();

    /// <summary>
    /// One Publish per call. With subscribers each message is stamped just before it is sent, so the delivery
    /// latency starts when the request leaves, not when a paced client meant to send it.
    /// </summary>
    private sealed class PublishWorker(SnsScenario scenario) : IAwsWorker
    {
        public async Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken)
        {
            var body = scenario._settings.TracksDeliveries ? scenario.StampedPublishBody() : scenario._publishBody;
            var response = await client.PostQueryAsync(Service, body, cancellationToken);
            if (!response.IsSuccess)
            {
                return AwsOutcome.Failed(response);
            }

            Interlocked.Increment(ref scenario._published);
            return new AwsOutcome(1, null);
        }
    }
}

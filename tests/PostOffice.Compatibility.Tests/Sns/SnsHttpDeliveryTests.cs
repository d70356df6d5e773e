using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sns;

/// <summary>
/// HTTP(S) subscriptions against the real server process and a stand-in endpoint: confirmation through SubscribeURL,
/// retries until the endpoint recovers, the dead-letter queue when it never does, and pending deliveries that survive
/// SIGKILL. The retry schedule itself is measured with a fake clock in PostOffice.Broker.Tests.
/// </summary>
[Trait("Category", "Compatibility")]
public sealed class SnsHttpDeliveryTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>, IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ConcurrentQueue<(string Type, string Body, string? SubscriptionArn)> _received = new();
    private readonly SnsQuery _query = new(server.Endpoint);
    private Func<string, int> _status = _ => 200;
    private LoopbackHttpServer? _endpoint;

    public async ValueTask DisposeAsync()
    {
        _query.Dispose();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }
    }

    /// <summary>
    /// An endpoint that answers 500 twice recovers on the third attempt: with numNoDelayRetries the retries follow at
    /// once and the message is delivered exactly once with a 2xx
    /// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html).
    /// </summary>
    [Fact]
    public async Task FailingTwice_ThenDelivered_WithAwsHeaders()
    {
        var failures = 0;
        _status = type => type == "Notification" && Interlocked.Increment(ref failures) <= 2 ? 500 : 200;
        var (topic, subscription) = await ConfirmedSubscriptionAsync(
            "flaky", """{"healthyRetryPolicy": {"numRetries": 3, "numNoDelayRetries": 3, "minDelayTarget": 1, "maxDelayTarget": 1}}""");

        await _query.SnsAsync("Publish", ("TopicArn", topic), ("Message", "eventually"));

        var delivered = await WaitForAsync(() => _received.Count(r => r.Type == "Notification") >= 3);
        Assert.True(delivered, "three notification attempts (two failures, one success)");
        var attempts = _received.Where(r => r.Type == "Notification").ToList();
        Assert.All(attempts, a => Assert.Equal(subscription, a.SubscriptionArn));
        Assert.All(attempts, a => Assert.Equal("eventually", JsonDocument.Parse(a.Body).RootElement.GetProperty("Message").GetString()));
    }

    /// <summary>When every retry fails the message goes to the subscription's RedrivePolicy queue (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html).</summary>
    [Fact]
    public async Task AlwaysFailing_EndsInTheDeadLetterQueue()
    {
        _status = type => type == "Notification" ? 503 : 200;
        var queueName = $"sns-dlq-{Guid.NewGuid():N}"[..30];
        await _query.SqsAsync("CreateQueue", ("QueueName", queueName));
        var (topic, _) = await ConfirmedSubscriptionAsync(
            "doomed",
            """{"healthyRetryPolicy": {"numRetries": 1, "numNoDelayRetries": 1, "minDelayTarget": 1, "maxDelayTarget": 1}}""",
            ("RedrivePolicy", $$"""{"deadLetterTargetArn": "{{SqsServerFixture.QueueArn(queueName)}}"}"""));

        await _query.SnsAsync("Publish", ("TopicArn", topic), ("Message", "to the dlq"));

        var bodies = new List<string>();
        for (var attempt = 0; attempt < 20 && bodies.Count == 0; attempt++)
        {
            var received = await _query.SqsAsync("ReceiveMessage", ("QueueUrl", server.QueueUrl(queueName)), ("WaitTimeSeconds", "2"));
            bodies.AddRange(SnsQuery.SqsValues(received, "Body"));
        }

        var body = Assert.Single(bodies);
        Assert.Equal("to the dlq", JsonDocument.Parse(body).RootElement.GetProperty("Message").GetString());
        Assert.Equal(2, _received.Count(r => r.Type == "Notification"));
    }

    /// <summary>
    /// Deliveries pending when the server is SIGKILLed are all made after it starts again (ARCH §2: nothing
    /// acknowledged is lost), each at the retry its policy had reached (3 s after its last failed attempt).
    /// </summary>
    [Fact]
    public async Task PendingDeliveries_SurviveSigkill()
    {
        var up = false;
        _status = type => type == "Notification" && !Volatile.Read(ref up) ? 500 : 200;
        var (topic, _) = await ConfirmedSubscriptionAsync(
            "survivor", """{"healthyRetryPolicy": {"numRetries": 50, "minDelayTarget": 3, "maxDelayTarget": 3}}""", ("RawMessageDelivery", "true"));
        var messages = Enumerable.Range(0, 5).Select(i => $"pending {i}").ToList();
        foreach (var message in messages)
        {
            await _query.SnsAsync("Publish", ("TopicArn", topic), ("Message", message));
        }

        Assert.True(await WaitForAsync(() => _received.Count(r => r.Type == "Notification") >= 5), "a first failed attempt of each message");
        await server.KillAsync();
        Volatile.Write(ref up, true);
        _received.Clear();
        await server.StartAsync();

        Assert.True(await WaitForAsync(() => _received.Count(r => r.Type == "Notification") >= 5), "every pending message delivered after the restart");
        Assert.Equal(messages, _received.Where(r => r.Type == "Notification").Select(r => r.Body).Order(StringComparer.Ordinal));
    }

    private async Task<(string Topic, string Subscription)> ConfirmedSubscriptionAsync(string name, string deliveryPolicy, params (string Name, string Value)[] attributes)
    {
        await server.EnsureRunningAsync();
        _endpoint ??= LoopbackHttpServer.Start(ReceiveAsync);
        var topic = SnsQuery.SnsValue(await _query.SnsAsync("CreateTopic", ("Name", $"{name}-{Guid.NewGuid():N}")), "TopicArn");
        var parameters = new List<(string, string)>
        {
            ("TopicArn", topic), ("Protocol", "http"), ("Endpoint", _endpoint.Endpoint.AbsoluteUri),
            ("Attributes.entry.1.key", "DeliveryPolicy"), ("Attributes.entry.1.value", deliveryPolicy),
        };
        for (var i = 0; i < attributes.Length; i++)
        {
            parameters.Add(($"Attributes.entry.{i + 2}.key", attributes[i].Name));
            parameters.Add(($"Attributes.entry.{i + 2}.value", attributes[i].Value));
        }

        Assert.Equal("pending confirmation", SnsQuery.SnsValue(await _query.SnsAsync("Subscribe", [.. parameters]), "SubscriptionArn"));
        Assert.True(await WaitForAsync(() => _received.Any(r => r.Type == "SubscriptionConfirmation" && r.Body.Contains(topic, StringComparison.Ordinal))), "the SubscriptionConfirmation POST");
        var confirmation = JsonDocument.Parse(_received.First(r => r.Type == "SubscriptionConfirmation" && r.Body.Contains(topic, StringComparison.Ordinal)).Body).RootElement;
        var certificate = await _query.GetAsync(confirmation.GetProperty("SigningCertURL").GetString()!);
        Assert.True(EnvelopeSignature.Verify(confirmation, certificate), "the confirmation's signature verifies");
        var confirmed = await _query.GetAsync(confirmation.GetProperty("SubscribeURL").GetString()!);
        var subscription = System.Xml.Linq.XElement.Parse(confirmed).Descendants().First(e => e.Name.LocalName == "SubscriptionArn").Value;
        _received.Clear();
        return (topic, subscription);
    }

    private async Task ReceiveAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var type = context.Request.Headers["x-amz-sns-message-type"] ?? "(none)";
        _received.Enqueue((type, body, context.Request.Headers["x-amz-sns-subscription-arn"]));
        context.Response.StatusCode = _status(type);
        context.Response.Close();
    }

    /// <summary>Polls a condition the server reaches asynchronously; the bound only guards against a hang.</summary>
    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return true;
    }
}

using System.Text.Json;
using PostOffice.Broker.Topics;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>HTTP(S) subscriptions: confirmation, push with AWS's headers, the retry schedule, dead-letter queues, restart (where the schedule resumes).</summary>
public sealed class HttpDeliveryTests
{
    private const string Hook = "http://hooks.test/notify";
    private const string TokenField = "Token";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Subscribe_Http_PostsConfirmation_ConfirmSubscriptionThenDeliversNotifications()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var pending = await host.Topics.SubscribeAsync(new SubscribeRequest(topic, "http", Hook, new Dictionary<string, string>(), false, TopicTesting.Endpoint), Token);
        Assert.Equal("pending confirmation", pending);
        await host.Transport.WaitForAttemptsAsync(1).WaitAsync(Token);
        var confirmation = host.Transport.Attempts[0];
        Assert.Equal("SubscriptionConfirmation", confirmation.Headers["x-amz-sns-message-type"]);
        using var document = JsonDocument.Parse(confirmation.Body);
        var token = document.RootElement.GetProperty(TokenField).GetString()!;
        Assert.StartsWith(TopicTesting.Endpoint + "/?Action=ConfirmSubscription", document.RootElement.GetProperty("SubscribeURL").GetString(), StringComparison.Ordinal);
        Assert.Equal("PendingConfirmation", Assert.Single((await host.Topics.ListSubscriptionsAsync(null, null, Token)).Subscriptions).SubscriptionArn);

        await host.Topics.PublishAsync(topic, "before confirmation");
        var subscription = await host.Topics.ConfirmSubscriptionAsync(topic, token, authenticateOnUnsubscribe: true, Token);
        var result = await host.Topics.PublishAsync(topic, "after confirmation");

        await host.Transport.WaitForAttemptsAsync(2).WaitAsync(Token);
        var notification = host.Transport.Attempts[1];
        Assert.Equal("Notification", notification.Headers["x-amz-sns-message-type"]);
        Assert.Equal(result.MessageId, notification.Headers["x-amz-sns-message-id"]);
        Assert.Equal(topic, notification.Headers["x-amz-sns-topic-arn"]);
        Assert.Equal(subscription, notification.Headers["x-amz-sns-subscription-arn"]);
        Assert.Contains("after confirmation", notification.Body, StringComparison.Ordinal);
        Assert.Equal("true", (await host.Topics.GetSubscriptionAttributesAsync(subscription, Token))["ConfirmationWasAuthenticated"]);
        await Until(() => host.Topics.PendingDeliveryCount == 0);
        Assert.Equal(2, host.Transport.Attempts.Count);
    }

    [Fact]
    public async Task FailingEndpoint_RetriedByThePolicyPhases_ThenDelivered()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var subscription = await ConfirmedHttpSubscriptionAsync(host, topic, new()
        {
            ["DeliveryPolicy"] = """{"healthyRetryPolicy": {"numRetries": 4, "numNoDelayRetries": 1, "numMinDelayRetries": 1, "minDelayTarget": 5, "maxDelayTarget": 20, "backoffFunction": "linear"}}""",
            ["RawMessageDelivery"] = "true",
        });
        host.Transport.Respond = (n, _) => n < 4 ? 500 : 200;
        var start = host.Clock.GetUtcNow();

        await host.Topics.PublishAsync(topic, "flaky");
        await DriveRetriesAsync(host, [0, 5, 12.5, 20]);

        // Attempts at 0, 0 (immediate phase), 5 (pre-backoff), 17.5 and 37.5 (backoff from 5 to 20 s, linear).
        Assert.Equal([0, 0, 5, 17.5, 37.5], host.Transport.Attempts.Select(a => (a.At - start).TotalSeconds));
        Assert.All(host.Transport.Attempts, a => Assert.Equal("flaky", a.Body));
        Assert.Equal("true", host.Transport.Attempts[0].Headers["x-amz-sns-rawdelivery"]);
        await Until(() => host.Topics.PendingDeliveryCount == 0);
        Assert.Equal((2, 0), host.Topics.DeliveryCounts); // the subscription confirmation, then the message
        _ = subscription;
    }

    [Fact]
    public async Task AlwaysFailingEndpoint_AfterDefaultRetries_MovesToTheDeadLetterQueue()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var deadLetter = await host.Queues.QueueAsync("dlq");
        await ConfirmedHttpSubscriptionAsync(host, topic, new() { ["RedrivePolicy"] = $$"""{"deadLetterTargetArn": "{{deadLetter}}"}""" });
        host.Transport.Respond = (_, _) => null;
        var start = host.Clock.GetUtcNow();

        await host.Topics.PublishAsync(topic, "doomed");
        await DriveRetriesAsync(host, [20, 20, 20]);

        Assert.Equal([0, 20, 40, 60], host.Transport.Attempts.Select(a => (a.At - start).TotalSeconds));
        await Until(() => host.Topics.PendingDeliveryCount == 0);
        var moved = Assert.Single(await host.Queues.DrainAsync("dlq"));
        Assert.Equal("doomed", JsonDocument.Parse(moved.Body).RootElement.GetProperty("Message").GetString());
        Assert.Equal((1, 1), host.Topics.DeliveryCounts); // only the subscription confirmation got through
    }

    [Fact]
    public async Task PendingDelivery_SurvivesRestart_AndIsDeliveredOnceAfterIt()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await ConfirmedHttpSubscriptionAsync(host, topic, new() { ["RawMessageDelivery"] = "true" });
        host.Transport.Respond = (_, _) => null;
        await host.Topics.PublishAsync(topic, "survivor");
        await host.Transport.WaitForAttemptsAsync(1).WaitAsync(Token);
        var retry = host.Clock.GetUtcNow().AddSeconds(20);
        await host.Clock.WaitForTimerAsync(retry).WaitAsync(Token);
        Assert.Equal(1, host.Topics.PendingDeliveryCount);

        host.Transport.Respond = (_, _) => 200;
        await host.RestartAsync();

        Assert.Equal(1, host.Topics.PendingDeliveryCount);
        await WaitForResumedRetryAsync(host, retry, attemptsBefore: 1);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        await host.Transport.WaitForAttemptsAsync(2).WaitAsync(Token);
        await Until(() => host.Topics.PendingDeliveryCount == 0);
        await host.RestartAsync();
        Assert.Equal(0, host.Topics.PendingDeliveryCount);
        Assert.Equal(["survivor", "survivor"], host.Transport.Attempts.Select(a => a.Body));
    }

    [Fact]
    public async Task PendingDelivery_InASnapshot_IsRestoredFromIt()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await ConfirmedHttpSubscriptionAsync(host, topic, new() { ["RawMessageDelivery"] = "true" });
        host.Transport.Respond = (_, _) => null;
        var start = host.Clock.GetUtcNow();
        await host.Topics.PublishAsync(topic, "snapshotted");
        await host.Transport.WaitForAttemptsAsync(1).WaitAsync(Token);
        await host.Clock.WaitForTimerAsync(start.AddSeconds(20)).WaitAsync(Token);
        await host.Storage.SnapshotAsync(Token);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.Topics.PublishAsync(topic, "tail");
        await host.Transport.WaitForAttemptsAsync(2).WaitAsync(Token);
        await host.Clock.WaitForTimerAsync(start.AddSeconds(25)).WaitAsync(Token);

        host.Transport.Respond = (_, _) => 200;
        await host.RestartAsync();

        // Each resumes at its own retry: 20 s after the first publish, 20 s after the second.
        await WaitForResumedRetryAsync(host, start.AddSeconds(20), attemptsBefore: 2);
        await WaitForResumedRetryAsync(host, start.AddSeconds(25), attemptsBefore: 2);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        await host.Transport.WaitForAttemptsAsync(4).WaitAsync(Token);
        Assert.Equal(["snapshotted", "tail"], host.Transport.Attempts.Skip(2).Select(a => a.Body).Order());
    }

    /// <summary>
    /// A restart does not start a delivery's retry policy over: the retry that was due is made at its time, the
    /// policy goes on from there, and the retries still run out after 1 + numRetries attempts in all. With
    /// <paramref name="snapshot"/> the state comes from a snapshot taken after the failures, otherwise from the log.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RetryPolicy_AfterRestart_ResumesAtTheAttemptItHadReached(bool snapshot)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var deadLetter = await host.Queues.QueueAsync("dlq");
        await ConfirmedHttpSubscriptionAsync(host, topic, new()
        {
            // Retries 1-4 wait 17.5, 25, 32.5 and 40 s (linear from 10 to 40 s).
            ["DeliveryPolicy"] = """{"healthyRetryPolicy": {"numRetries": 4, "minDelayTarget": 10, "maxDelayTarget": 40, "backoffFunction": "linear"}}""",
            ["RawMessageDelivery"] = "true",
            ["RedrivePolicy"] = $$"""{"deadLetterTargetArn": "{{deadLetter}}"}""",
        });
        host.Transport.Respond = (_, _) => null;
        var start = host.Clock.GetUtcNow();
        await host.Topics.PublishAsync(topic, "resumed");
        await DriveRetriesAsync(host, [17.5]);
        var due = start.AddSeconds(17.5 + 25);
        await host.Clock.WaitForTimerAsync(due).WaitAsync(Token);
        if (snapshot)
        {
            await host.Storage.SnapshotAsync(Token);
        }

        await host.RestartAsync();

        await WaitForResumedRetryAsync(host, due, attemptsBefore: 2);
        host.Clock.Advance(TimeSpan.FromSeconds(25));
        await DriveRetriesAsync(host, [32.5, 40], made: 2);

        await Until(() => host.Topics.PendingDeliveryCount == 0);
        Assert.Equal([0, 17.5, 42.5, 75, 115], host.Transport.Attempts.Select(a => (a.At - start).TotalSeconds));
        Assert.Equal(["resumed"], (await host.Queues.DrainAsync("dlq")).Select(m => m.Body));
        await host.RestartAsync();
        Assert.Equal(0, host.Topics.PendingDeliveryCount);
        Assert.Equal(5, host.Transport.Attempts.Count);
    }

    [Fact]
    public async Task Unsubscribe_AbandonsItsPendingDeliveries()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var subscription = await ConfirmedHttpSubscriptionAsync(host, topic, []);
        host.Transport.Respond = (_, _) => 500;
        await host.Topics.PublishAsync(topic, "orphan");
        await host.Transport.WaitForAttemptsAsync(1).WaitAsync(Token);
        var retry = host.Clock.GetUtcNow().AddSeconds(20);
        await host.Clock.WaitForTimerAsync(retry).WaitAsync(Token);

        await host.Topics.UnsubscribeAsync(subscription, Token);
        host.Clock.Advance(TimeSpan.FromSeconds(20));

        await Until(() => host.Topics.PendingDeliveryCount == 0);
        Assert.Single(host.Transport.Attempts);
    }

    private static async Task<string> ConfirmedHttpSubscriptionAsync(TopicHost host, string topic, Dictionary<string, string> attributes)
    {
        var before = host.Transport.Attempts.Count;
        var subscription = await host.Topics.SubscribeAsync(topic, "http", Hook, attributes);
        await host.Transport.WaitForAttemptsAsync(before + 1).WaitAsync(Token);
        var token = JsonDocument.Parse(host.Transport.Attempts[before].Body).RootElement.GetProperty(TokenField).GetString()!;
        await host.Topics.ConfirmSubscriptionAsync(topic, token, false, Token);
        await Until(() => host.Topics.PendingDeliveryCount == 0);
        host.Transport.Reset();
        return subscription;
    }

    /// <summary>
    /// After each failed attempt, waits for the retry timer at exactly the expected delay, then moves the clock there.
    /// <paramref name="made"/>: attempts the endpoint saw before the first of these.
    /// </summary>
    private static async Task DriveRetriesAsync(TopicHost host, double[] delays, int made = 0)
    {
        for (var i = 0; i < delays.Length; i++)
        {
            await host.Transport.WaitForAttemptsAsync(made + i + 1).WaitAsync(Token);
            if (delays[i] > 0)
            {
                var due = host.Clock.GetUtcNow().AddSeconds(delays[i]);
                await host.Clock.WaitForTimerAsync(due).WaitAsync(Token);
                host.Clock.Advance(TimeSpan.FromSeconds(delays[i]));
            }
        }

        await host.Transport.WaitForAttemptsAsync(made + delays.Length + 1).WaitAsync(Token);
    }

    /// <summary>
    /// After a restart, waits until a resumed delivery's retry timer due at <paramref name="due"/> exists; fails at once
    /// if the endpoint gets an attempt first (a retry policy that started over).
    /// </summary>
    private static async Task WaitForResumedRetryAsync(TopicHost host, DateTimeOffset due, int attemptsBefore)
    {
        var timer = host.Clock.WaitForTimerAsync(due);
        await Task.WhenAny(timer, host.Transport.WaitForAttemptsAsync(attemptsBefore + 1)).WaitAsync(Token);
        Assert.Equal(attemptsBefore, host.Transport.Attempts.Count);
        await timer.WaitAsync(Token);
    }

    /// <summary>Yields until a background step has happened; bounded by the test's cancellation, never by a time assertion.</summary>
    private static async Task Until(Func<bool> condition)
    {
        while (!condition())
        {
            Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PostOffice.Broker.Delivery;

/// <summary>
/// Pushes pending deliveries to HTTP(S) endpoints and retries them by their subscription's delivery policy
/// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html). Each delivery runs on its own
/// asynchronous loop; at most <see cref="MaxConcurrentPerEndpoint"/> requests are in flight per endpoint host, so
/// a slow endpoint only delays its own deliveries. Delays and throttles use the injected clock (tests drive it).
/// Each failed attempt is reported with the time its retry is due (<see cref="IDeliveryOutcomeSink.RetryScheduled"/>);
/// a delivery started with <see cref="HttpDelivery.Attempts"/> already made waits for its
/// <see cref="HttpDelivery.NextAttemptAt"/> and goes on from the next attempt, not from the first.
/// </summary>
public sealed class HttpDeliveryScheduler : IDisposable
{
    public const int MaxConcurrentPerEndpoint = 16;

    private readonly IHttpDeliveryTransport _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IDeliveryOutcomeSink _sink;
    private readonly Func<HttpDelivery, DeliveryPolicy> _policyOf;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _endpointSlots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Throttle> _throttles = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _delivered;
    private long _dropped;
    private int _disposed;

    public HttpDeliveryScheduler(IHttpDeliveryTransport transport, TimeProvider time, ILoggerFactory loggerFactory, IDeliveryOutcomeSink sink, Func<HttpDelivery, DeliveryPolicy> policyOf)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _transport = transport;
        _time = time;
        _sink = sink;
        _policyOf = policyOf;
        _logger = loggerFactory.CreateLogger("PostOffice.Broker.Delivery");
    }

    /// <summary>Deliveries that reached their endpoint (a metric).</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Deliveries whose retries ran out (moved to a dead-letter queue or dropped; a metric).</summary>
    public long ExhaustedCount => Interlocked.Read(ref _dropped);

    /// <summary>Starts delivering; call once the delivery is durable.</summary>
    public void Start(HttpDelivery delivery) => _ = RunAsync(delivery, _stopping.Token);

    /// <summary>Stops retrying; deliveries stay pending in the log. Safe to call more than once (the host disposes each registration).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
        }
    }

    private async Task RunAsync(HttpDelivery delivery, CancellationToken cancellationToken)
    {
        // Off the caller's thread: the publish that started it returns at once.
        await Task.Yield();
        var policy = _policyOf(delivery);
        var headers = Headers(delivery);
        var endpoint = new Uri(delivery.Endpoint);
        var slots = _endpointSlots.GetOrAdd(endpoint.Authority, _ => new SemaphoreSlim(MaxConcurrentPerEndpoint));
        try
        {
            // Resumed after a restart: the retry that was due when the server stopped comes first, at its time.
            var resumeAt = DateTimeOffset.FromUnixTimeMilliseconds(delivery.NextAttemptAt) - _time.GetUtcNow();
            if (delivery.Attempts > 0 && resumeAt > TimeSpan.Zero)
            {
                await Task.Delay(resumeAt, _time, cancellationToken).ConfigureAwait(false);
            }

            for (var attempt = delivery.Attempts + 1; ; attempt++)
            {
                if (!_sink.IsSubscribed(delivery))
                {
                    await _sink.AbandonedAsync(delivery).ConfigureAwait(false);
                    return;
                }

                if (policy.MaxReceivesPerSecond is { } rate)
                {
                    var wait = _throttles.GetOrAdd(delivery.SubscriptionId, _ => new Throttle()).Reserve(_time.GetUtcNow(), rate);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    }
                }

                int? status;
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    status = await _transport.PostAsync(endpoint, headers, policy.HeaderContentType, delivery.Body, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }

                if (status is >= 200 and < 300)
                {
                    Interlocked.Increment(ref _delivered);
                    await _sink.DeliveredAsync(delivery).ConfigureAwait(false);
                    return;
                }

                DeliveryLog.AttemptFailed(_logger, delivery.MessageId, delivery.Endpoint, status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer", attempt);
                if (policy.DelayBeforeRetry(attempt) is not { } delay)
                {
                    Interlocked.Increment(ref _dropped);
                    DeliveryLog.Exhausted(_logger, delivery.MessageId, delivery.Endpoint, attempt);
                    await _sink.ExhaustedAsync(delivery).ConfigureAwait(false);
                    return;
                }

                _sink.RetryScheduled(delivery, attempt, _time.GetUtcNow() + delay);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the delivery stays pending in the log and resumes after the next start.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            DeliveryLog.OutcomeFailed(_logger, exception, delivery.MessageId, delivery.Endpoint);
        }
    }

    /// <summary>The headers AWS sends (https://docs.aws.amazon.com/sns/latest/dg/http-header.html).</summary>
    private static List<KeyValuePair<string, string>> Headers(HttpDelivery delivery)
    {
        var headers = new List<KeyValuePair<string, string>>(6)
        {
            new("x-amz-sns-message-type", delivery.MessageType),
            new("x-amz-sns-message-id", delivery.MessageId),
            new("x-amz-sns-topic-arn", delivery.TopicArn),
            new("User-Agent", "Amazon Simple Notification Service Agent"),
        };
        if (delivery.MessageType == "Notification")
        {
            headers.Add(new("x-amz-sns-subscription-arn", delivery.SubscriptionArn));
        }

        if (delivery.Raw)
        {
            headers.Add(new("x-amz-sns-rawdelivery", "true"));
        }

        return headers;
    }

    /// <summary>maxReceivesPerSecond: reserves evenly spaced send slots per subscription.</summary>
    private sealed class Throttle
    {
        private DateTimeOffset _next = DateTimeOffset.MinValue;

        public TimeSpan Reserve(DateTimeOffset now, int perSecond)
        {
            lock (this)
            {
                var slot = _next > now ? _next : now;
                _next = slot + TimeSpan.FromSeconds(1.0 / perSecond);
                return slot - now;
            }
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using PostOffice.Load.Mqtt.Packets;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>
/// <c>mqtt-pubsub</c>: subscribers connect and subscribe first, then publishers publish for warm-up plus duration;
/// the run then waits (bounded by the drain time) for the deliveries and acknowledgements still on their way, and
/// counts what never arrived as lost.
/// </summary>
internal sealed class MqttPubSubRun
{
    public const string Mode = "mqtt-pubsub";
    private const int ConnectParallelism = 32;

    /// <summary>Session Expiry Interval of persistent subscribers (5.0); under 3.1.1 such a session never expires.</summary>
    private const uint PersistentSessionSeconds = 3600;

    private readonly MqttPubSubSettings _settings;
    private readonly string _label;
    private readonly TextWriter _progress;
    private readonly List<string> _errors = [];

    public MqttPubSubRun(MqttPubSubSettings settings, string label, TextWriter progress)
    {
        _settings = settings;
        _label = label;
        _progress = progress;
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var target = _settings.Server.ToString();
        var plan = new TopicPlan(_settings.Publishers, _settings.Subscribers, _settings.Topics);
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var topics = Enumerable.Range(0, plan.Topics).Select(topic => Encoding.UTF8.GetBytes($"postoffice-load/{runId}/{topic}")).ToArray();
        var publishers = new Publisher[plan.Publishers];
        var subscribers = new Subscriber[plan.Subscribers];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        MeasuredWindow window = default;
        var connectStarted = Stopwatch.GetTimestamp();
        try
        {
            var pacers = new Publisher?[plan.Subscribers][];
            for (var s = 0; s < plan.Subscribers; s++)
            {
                pacers[s] = new Publisher?[plan.Publishers];
            }

            await ForEachAsync(plan.Subscribers, async s =>
            {
                var connection = await OpenAsync($"po-load-{runId}-sub-{s}", s, stop.Token, _settings.PersistentSubscribers ? PersistentSessionSeconds : 0);
                foreach (var topic in plan.TopicsOfSubscriber(s))
                {
                    await connection.SubscribeAsync(topics[topic], _settings.Qos, _settings.ConnectTimeout, stop.Token);
                }

                subscribers[s] = new Subscriber(connection, s, pacers[s], plan.Publishers);
            });
            await ForEachAsync(plan.Publishers, async p =>
            {
                var connection = await OpenAsync($"po-load-{runId}-pub-{p}", plan.Subscribers + p, stop.Token);
                var topic = plan.TopicOfPublisher(p);
                publishers[p] = new Publisher(connection, p, topics[topic], plan.FanOut(topic), _settings);
                var pacer = plan.PacerOf(topic);
                if (pacer >= 0)
                {
                    pacers[pacer][p] = publishers[p];
                }
            });
            var connectSeconds = (Stopwatch.GetTimestamp() - connectStarted) / (double)Stopwatch.Frequency;

            // The window starts once everyone is connected, and is set before any receive loop runs.
            var start = Stopwatch.GetTimestamp();
            window = MeasuredWindow.Starting(start, _settings.Warmup, _settings.Duration);
            foreach (var subscriber in subscribers)
            {
                subscriber.Window = window;
            }

            var receiveLoops = subscribers.Select(subscriber => WatchAsync($"subscriber {subscriber.Index}", MqttReceiveLoop.RunAsync(subscriber.Connection, subscriber, stop.Token)))
                .Concat(publishers.Select(publisher => WatchAsync($"publisher {publisher.Index}", MqttReceiveLoop.RunAsync(publisher.Connection, publisher, stop.Token))))
                .ToArray();
            var keepAlive = KeepAliveAsync([.. subscribers.Select(s => s.Connection), .. publishers.Select(p => p.Connection)], stop.Token);

            await _progress.WriteLineAsync($"mqtt-pubsub: {plan.Publishers} publishers, {plan.Subscribers} subscribers connected in {connectSeconds:0.00} s; publishing for {(_settings.Warmup + _settings.Duration).TotalSeconds:0.#} s");
            var ratePerPublisher = _settings.Rate / Math.Max(1, plan.Publishers);
            var maxPerPublisher = Math.Max(1, _settings.MaxMessages / Math.Max(1, plan.Publishers));
            var publishLoops = publishers.Select(publisher =>
            {
                // Stagger fixed-rate publishers across one interval so that they do not all send at the same instant.
                var offset = ratePerPublisher > 0 ? (long)(Stopwatch.Frequency / ratePerPublisher * publisher.Index / plan.Publishers) : 0;
                return WatchAsync($"publisher {publisher.Index}", PublishAsync(publisher, start + offset, window, ratePerPublisher, maxPerPublisher, stop.Token));
            }).ToArray();
            await Task.WhenAll(publishLoops);

            var expected = publishers.Sum(publisher => publisher.Sent * publisher.FanOut);
            await DrainAsync(publishers, subscribers, expected, stop.Token);
            await stop.CancelAsync();
            await Task.WhenAll(receiveLoops);
            await keepAlive;
            return Summarize(startedAt, target, window, connectSeconds, publishers, subscribers, expected);
        }
        catch (Exception exception) when (IsUnavailable(exception) && publishers.All(p => p is null) && subscribers.All(s => s is null))
        {
            return RunResult.Unavailable(Mode, _label, target, startedAt, _settings.Describe(), Describe(exception));
        }
        catch (Exception exception) when (exception is SocketException or IOException or MqttProtocolException or TimeoutException)
        {
            return new RunResult(Mode, _label, target, RunStatus.Failed, Describe(exception), startedAt, _settings.Describe(), []);
        }
        finally
        {
            await stop.CancelAsync();
            var all = subscribers.Where(s => s is not null).Select(s => s.Connection).Concat(publishers.Where(p => p is not null).Select(p => p.Connection));
            await Task.WhenAll(all.Select(async connection =>
            {
                await connection.DisconnectAsync(TimeSpan.FromSeconds(2));
                await connection.DisposeAsync();
            }));
        }
    }

    private async Task<MqttConnection> OpenAsync(string clientId, int index, CancellationToken cancellationToken, uint persistentSessionSeconds = 0)
    {
        var sources = _settings.SourceAddresses;
        var source = sources.Count == 0 ? null : sources[index % sources.Count];
        return await MqttConnection.OpenAsync(
            _settings.Server, source, _settings.Version, clientId, _settings.KeepAliveSeconds, _settings.ConnectTimeout, cancellationToken, persistentSessionSeconds);
    }

    private static async Task PublishAsync(Publisher publisher, long start, MeasuredWindow window, double rate, long max, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.RunPublishLoopAsync(start, window, rate, max, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WatchAsync(string who, Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is IOException or SocketException or MqttProtocolException or ObjectDisposedException or InvalidOperationException)
        {
            Fail($"{who}: {exception.Message}");
        }
    }

    private async Task WatchAsync(string who, Task<string?> receiveLoop)
    {
        if (await receiveLoop is { } reason)
        {
            Fail($"{who}: {reason}");
        }
    }

    private void Fail(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    private async Task KeepAliveAsync(MqttConnection[] connections, CancellationToken cancellationToken)
    {
        var wheel = new KeepAliveWheel<MqttConnection>(KeepAliveWheel<MqttConnection>.SlotsFor(_settings.KeepAliveSeconds));
        for (var i = 0; i < connections.Length; i++)
        {
            wheel.Add(i, connections[i]);
        }

        var idleTicks = Stopwatch.Frequency * _settings.KeepAliveSeconds / 2;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var connection in wheel.NextSlot())
                {
                    await connection.PingIfIdleAsync(idleTicks, cancellationToken);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Stopping, or a connection already broken: its receive loop reports that.
        }
    }

    private async Task DrainAsync(Publisher[] publishers, Subscriber[] subscribers, long expected, CancellationToken cancellationToken)
    {
        var lastProgress = Stopwatch.GetTimestamp();
        var lastCount = -1L;
        var patience = MeasuredWindow.ToTicks(_settings.Drain);
        while (!cancellationToken.IsCancellationRequested)
        {
            var delivered = subscribers.Sum(subscriber => subscriber.Distinct);
            var acknowledged = _settings.Qos == 0 ? 0 : publishers.Sum(publisher => publisher.Acknowledged);
            var sent = _settings.Qos == 0 ? 0 : publishers.Sum(publisher => publisher.Sent);
            if (delivered >= expected && acknowledged >= sent)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (delivered + acknowledged != lastCount)
            {
                lastCount = delivered + acknowledged;
                lastProgress = now;
            }
            else if (now - lastProgress > patience)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private RunResult Summarize(DateTimeOffset startedAt, string target, MeasuredWindow window, double connectSeconds, Publisher[] publishers, Subscriber[] subscribers, long expected)
    {
        var latency = new LatencyHistogram();
        foreach (var subscriber in subscribers)
        {
            latency.Add(subscriber.Latency);
        }

        var ackLatency = new LatencyHistogram();
        foreach (var publisher in publishers)
        {
            ackLatency.Add(publisher.AckLatency);
        }

        var delivered = subscribers.Sum(subscriber => subscriber.Distinct);
        var metrics = new MetricList
        {
            { "connect_seconds", connectSeconds },
            { "published", publishers.Sum(publisher => publisher.Sent) },
            { "published_per_s", window.PerSecond(publishers.Sum(publisher => publisher.SentInWindow)) },
            { "delivered_per_s", window.PerSecond(subscribers.Sum(subscriber => subscriber.DistinctInWindow)) },
            { "expected_deliveries", expected },
            { "delivered", delivered },
            { "lost", Math.Max(0, expected - delivered) },
            { "duplicates", subscribers.Sum(subscriber => subscriber.Duplicates) },
            { "reordered", subscribers.Sum(subscriber => subscriber.Reordered) },
        };
        metrics.AddLatency("latency", latency);
        metrics.Add("window_timeouts", publishers.Sum(publisher => publisher.WindowTimeouts));
        if (_settings.Qos > 0)
        {
            metrics.AddLatency("ack_latency", ackLatency);
        }

        var malformed = subscribers.Sum(subscriber => subscriber.Malformed);
        if (malformed > 0)
        {
            Fail($"{malformed} deliveries without this tool's payload header");
        }

        string? reason;
        lock (_errors)
        {
            reason = _errors.Count == 0 ? null : $"{_errors.Count} connection error(s), first: {_errors[0]}";
        }

        return new RunResult(Mode, _label, target, reason is null ? RunStatus.Ok : RunStatus.Failed, reason, startedAt, _settings.Describe(), metrics);
    }

    private static async Task ForEachAsync(int count, Func<int, Task> action)
    {
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism },
            async (index, _) => await action(index));
    }

    internal static bool IsUnavailable(Exception exception) =>
        exception is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
        || exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    internal static string Describe(Exception exception) => exception switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (nothing listens on the MQTT port)",
        SocketException socket => $"socket error {socket.SocketErrorCode}: {socket.Message}",
        _ => exception.Message,
    };
}

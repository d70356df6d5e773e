using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Aws;

/// <summary>
/// N clients, each sending its next request when the previous one is answered (or, with a rate, when it is due), for
/// warm-up plus duration (or until the request cap, or until a read scenario runs out of data). Requests that start
/// inside the measured window count towards its rates and latencies. A scenario whose messages are delivered on
/// (<see cref="IAwsDeliveries"/>) starts receiving before the first request and drains after the last.
/// </summary>
internal sealed class AwsLoadRun
{
    private readonly AwsLoadSettings _settings;
    private readonly string _label;
    private readonly TextWriter _progress;

    public AwsLoadRun(AwsLoadSettings settings, string label, TextWriter progress)
    {
        _settings = settings;
        _label = label;
        _progress = progress;
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var target = _settings.Endpoint.GetLeftPart(UriPartial.Authority);
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        IAwsScenario scenario = _settings.Operation switch
        {
            AwsOperation.SqsSend or AwsOperation.SqsSendBatch or AwsOperation.SqsReceiveDelete => new SqsScenario(_settings, runId),
            AwsOperation.SnsPublish or AwsOperation.SnsHttpPush => new SnsScenario(_settings, runId),
            _ => new KinesisScenario(_settings, runId),
        };
        using var client = new AwsClient(_settings.Endpoint, _settings.Credentials, _settings.Region, _settings.Clients, _settings.RequestTimeout);
        try
        {
            await scenario.SetupAsync(client, cancellationToken);
            var prefillStart = Stopwatch.GetTimestamp();
            await scenario.PrefillAsync(client, _settings.Clients, cancellationToken);
            if (_settings.Operation is AwsOperation.SqsReceiveDelete or AwsOperation.KinesisGetRecords)
            {
                await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{_settings.Mode}: prefilled {_settings.Prefill:N0} in {Stopwatch.GetElapsedTime(prefillStart).TotalSeconds:0.0} s"));
            }
        }
        catch (AwsUnavailableException exception)
        {
            await CleanupAsync(scenario, client);
            return RunResult.Unavailable(_settings.Mode, _label, target, startedAt, _settings.Describe(), exception.Message);
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return RunResult.Unavailable(_settings.Mode, _label, target, startedAt, _settings.Describe(), $"connection refused by {target}");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or System.Text.Json.JsonException)
        {
            // Reset, timed out or answered nonsense during setup: the run failed, with the reason; no stack trace.
            await CleanupAsync(scenario, client);
            return new RunResult(_settings.Mode, _label, target, RunStatus.Failed, $"setup failed: {exception.Message}", startedAt, _settings.Describe(), []);
        }

        var pace = _settings.Rate > 0 ? string.Create(CultureInfo.InvariantCulture, $" at {_settings.Rate:0.##} requests/s") : string.Empty;
        await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{_settings.Mode}: {_settings.Clients} clients{pace} for {(_settings.Warmup + _settings.Duration).TotalSeconds:0.#} s"));
        var begin = Stopwatch.GetTimestamp();
        var window = MeasuredWindow.Starting(begin, _settings.Warmup, _settings.Duration);
        var shared = new SharedState(_settings.MaxRequests);
        var workers = Enumerable.Range(0, _settings.Clients)
            .Select(index => new WorkerState(scenario.CreateWorker(index), ScheduleOf(begin, index)))
            .ToArray();
        var deliveries = _settings.TracksDeliveries ? scenario as IAwsDeliveries : null;
        deliveries?.StartReceiving(window);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAll(workers.Select(worker => RunWorkerAsync(worker, client, window, shared, stop)));
        if (shared.ExhaustedAt is { } exhaustedAt)
        {
            window = window.EndingAt(exhaustedAt);
        }

        if (deliveries is not null)
        {
            await deliveries.StopReceivingAsync(_settings.Drain, cancellationToken);
            if (deliveries.NothingDelivered() is { } nothing)
            {
                await CleanupAsync(scenario, client);
                return RunResult.Unavailable(_settings.Mode, _label, target, startedAt, _settings.Describe(), nothing);
            }
        }

        await CleanupAsync(scenario, client);
        return Summarize(startedAt, target, window, workers, shared, deliveries);
    }

    /// <summary>
    /// With a rate, client i of N sends its k-th request at begin + (i + k N) / rate: evenly spaced over all clients.
    /// A client that falls behind sends at once until it has caught up; <c>schedule_lag</c> says by how much.
    /// </summary>
    private Schedule? ScheduleOf(long begin, int index)
    {
        if (_settings.Rate <= 0)
        {
            return null;
        }

        var spacing = Stopwatch.Frequency / _settings.Rate;
        return new Schedule(begin + (long)(spacing * index), spacing * _settings.Clients);
    }

    private static async Task RunWorkerAsync(WorkerState state, AwsClient client, MeasuredWindow window, SharedState shared, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref shared.Requests) <= shared.MaxRequests)
        {
            long? due = null;
            if (state.Schedule is { } schedule)
            {
                due = schedule.Due(state.Sent);
                if (due >= window.EndTimestamp)
                {
                    return;
                }

                var wait = due.Value - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.001, wait / (double)Stopwatch.Frequency)), stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            }

            var start = Stopwatch.GetTimestamp();
            if (start >= window.EndTimestamp)
            {
                return;
            }

            state.Sent++;
            if (due is { } dueAt && window.Contains(start))
            {
                state.ScheduleLag.Record(MeasuredWindow.ToNanoseconds(Math.Max(0, start - dueAt)));
            }

            AwsOutcome outcome;
            try
            {
                outcome = await state.Worker.ExecuteAsync(client, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or IOException)
            {
                outcome = new AwsOutcome(0, exception.Message);
            }

            var end = Stopwatch.GetTimestamp();
            if (outcome.Exhausted)
            {
                shared.MarkExhausted(end);
                await stop.CancelAsync();
                return;
            }

            var inWindow = window.Contains(start);
            if (outcome.Error is not null)
            {
                state.Errors++;
                state.FirstError ??= outcome.Error;
            }
            else if (inWindow)
            {
                state.Latency.Record(MeasuredWindow.ToNanoseconds(end - start));
            }

            if (inWindow)
            {
                state.RequestsInWindow++;
                state.MessagesInWindow += outcome.Messages;
            }

            state.Messages += outcome.Messages;
        }
    }

    private RunResult Summarize(DateTimeOffset startedAt, string target, MeasuredWindow window, WorkerState[] workers, SharedState shared, IAwsDeliveries? deliveries)
    {
        var latency = new LatencyHistogram();
        var scheduleLag = new LatencyHistogram();
        foreach (var worker in workers)
        {
            latency.Add(worker.Latency);
            scheduleLag.Add(worker.ScheduleLag);
        }

        var errors = workers.Sum(worker => worker.Errors);
        var sns = _settings.Operation is AwsOperation.SnsPublish or AwsOperation.SnsHttpPush;
        var metrics = new MetricList
        {
            { "requests_per_s", window.PerSecond(workers.Sum(worker => worker.RequestsInWindow)) },

            // One Publish is one message: SNS runs call the rate what it is, next to their deliveries/s.
            { sns ? "published_per_s" : "messages_per_s", window.PerSecond(workers.Sum(worker => worker.MessagesInWindow)) },
            { sns ? "published" : "messages", workers.Sum(worker => worker.Messages) },
            { "errors", errors },
            { "window_seconds", window.Seconds },
        };
        metrics.AddLatency("latency", latency);
        if (_settings.Rate > 0)
        {
            metrics.AddLatency("schedule_lag", scheduleLag);
        }

        var deliveryFailure = deliveries?.AddMetrics(metrics, window);
        string? reason = null;
        if (errors > 0)
        {
            reason = $"{errors:N0} request(s) failed, first: {workers.Select(worker => worker.FirstError).First(error => error is not null)}";
        }
        else if (deliveryFailure is not null)
        {
            reason = deliveryFailure;
        }
        else if (shared.ExhaustedAt is not null && window.Seconds < _settings.Duration.TotalSeconds)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"the prefilled data ran out after {window.Seconds:0.0} s of the measured window; raise --prefill");
        }

        var status = errors > 0 || deliveryFailure is not null || (shared.ExhaustedAt is not null && window.Seconds <= 0) ? RunStatus.Failed : RunStatus.Ok;
        return new RunResult(_settings.Mode, _label, target, status, reason, startedAt, _settings.Describe(), metrics);
    }

    private static async Task CleanupAsync(IAwsScenario scenario, AwsClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await scenario.CleanupAsync(client, timeout.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
        {
        }
    }

    private sealed class SharedState(long maxRequests)
    {
        public long Requests;
        private long _exhaustedAt;

        public long MaxRequests { get; } = maxRequests;

        public long? ExhaustedAt => Interlocked.Read(ref _exhaustedAt) is var at && at != 0 ? at : null;

        public void MarkExhausted(long timestamp) => Interlocked.CompareExchange(ref _exhaustedAt, timestamp, 0);
    }

    private sealed class WorkerState(IAwsWorker worker, Schedule? schedule)
    {
        public IAwsWorker Worker { get; } = worker;

        public Schedule? Schedule { get; } = schedule;

        /// <summary>Requests this client has started.</summary>
        public long Sent { get; set; }

        public LatencyHistogram Latency { get; } = new();

        /// <summary>How late paced requests left against their due time, in nanoseconds.</summary>
        public LatencyHistogram ScheduleLag { get; } = new();

        public long RequestsInWindow { get; set; }

        public long MessagesInWindow { get; set; }

        public long Messages { get; set; }

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }

    /// <summary>One paced client's due times: the first, then one every <paramref name="Interval"/> ticks.</summary>
    private readonly record struct Schedule(long First, double Interval)
    {
        public long Due(long request) => First + (long)(request * Interval);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Aws;

/// <summary>
/// N clients, each sending its next request when the previous one is answered, for warm-up plus duration (or until
/// the request cap, or until a read scenario runs out of data). Requests that start inside the measured window count
/// towards its rates and latencies.
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
            AwsOperation.SnsPublish => new SnsScenario(_settings, runId),
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

        await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{_settings.Mode}: {_settings.Clients} clients for {(_settings.Warmup + _settings.Duration).TotalSeconds:0.#} s"));
        var window = MeasuredWindow.Starting(Stopwatch.GetTimestamp(), _settings.Warmup, _settings.Duration);
        var shared = new SharedState(_settings.MaxRequests);
        var workers = Enumerable.Range(0, _settings.Clients)
            .Select(index => new WorkerState(scenario.CreateWorker(index)))
            .ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAll(workers.Select(worker => RunWorkerAsync(worker, client, window, shared, stop)));
        if (shared.ExhaustedAt is { } exhaustedAt)
        {
            window = window.EndingAt(exhaustedAt);
        }

        await CleanupAsync(scenario, client);
        return Summarize(startedAt, target, window, workers, shared);
    }

    private static async Task RunWorkerAsync(WorkerState state, AwsClient client, MeasuredWindow window, SharedState shared, CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested && Interlocked.Increment(ref shared.Requests) <= shared.MaxRequests)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= window.EndTimestamp)
            {
                return;
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

    private RunResult Summarize(DateTimeOffset startedAt, string target, MeasuredWindow window, WorkerState[] workers, SharedState shared)
    {
        var latency = new LatencyHistogram();
        foreach (var worker in workers)
        {
            latency.Add(worker.Latency);
        }

        var errors = workers.Sum(worker => worker.Errors);
        var metrics = new MetricList
        {
            { "requests_per_s", window.PerSecond(workers.Sum(worker => worker.RequestsInWindow)) },
            { "messages_per_s", window.PerSecond(workers.Sum(worker => worker.MessagesInWindow)) },
            { "messages", workers.Sum(worker => worker.Messages) },
            { "errors", errors },
            { "window_seconds", window.Seconds },
        };
        metrics.AddLatency("latency", latency);
        string? reason = null;
        if (errors > 0)
        {
            reason = $"{errors:N0} request(s) failed, first: {workers.Select(worker => worker.FirstError).First(error => error is not null)}";
        }
        else if (shared.ExhaustedAt is not null && window.Seconds < _settings.Duration.TotalSeconds)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"the prefilled data ran out after {window.Seconds:0.0} s of the measured window; raise --prefill");
        }

        var status = errors > 0 || (shared.ExhaustedAt is not null && window.Seconds <= 0) ? RunStatus.Failed : RunStatus.Ok;
        return new RunResult(_settings.Mode, _label, target, status, reason, startedAt, _settings.Describe(), metrics);
    }

    private static async Task CleanupAsync(IAwsScenario scenario, AwsClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await scenario.CleanupAsync(client, timeout.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
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

    private sealed class WorkerState(IAwsWorker worker)
    {
        public IAwsWorker Worker { get; } = worker;

        public LatencyHistogram Latency { get; } = new();

        public long RequestsInWindow { get; set; }

        public long MessagesInWindow { get; set; }

        public long Messages { get; set; }

        public long Errors { get; set; }

        public string? FirstError { get; set; }
    }
}

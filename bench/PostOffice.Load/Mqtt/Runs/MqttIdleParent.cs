using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;
using PostOffice.Load.Targets;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>
/// <c>mqtt-idle --processes K</c>: starts K copies of this tool, each holding a share of the connections (a process
/// may open only so many files), measures the server once all report "connected", releases them together and sums
/// their JSON lines into one result. Children are ended by PID if they outstay their time.
/// </summary>
internal sealed class MqttIdleParent
{
    private readonly MqttIdleSettings _settings;
    private readonly string _label;
    private readonly TextWriter _progress;

    public MqttIdleParent(MqttIdleSettings settings, string label, TextWriter progress)
    {
        _settings = settings;
        _label = label;
        _progress = progress;
    }

    /// <summary>Connections for each child: an even split, the first ones taking the remainder.</summary>
    public static int[] Split(int connections, int processes)
    {
        var shares = new int[processes];
        for (var i = 0; i < processes; i++)
        {
            shares[i] = (connections / processes) + (i < connections % processes ? 1 : 0);
        }

        return shares;
    }

    /// <summary>Child i takes the sources i, i+K, i+2K...; with fewer sources than children they are shared round-robin.</summary>
    public static IReadOnlyList<IPAddress> SourcesOf(int child, int processes, IReadOnlyList<IPAddress> sources)
    {
        if (sources.Count == 0)
        {
            return [];
        }

        if (sources.Count < processes)
        {
            return [sources[child % sources.Count]];
        }

        return [.. sources.Where((_, index) => index % processes == child)];
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var rssBefore = await MeasureRssAsync(cancellationToken);
        var heapBefore = _settings.MetricsUrl is { } url ? await PrometheusScrape.ReadAsync(http, url, _settings.HeapMetric, cancellationToken) : null;

        var shares = Split(_settings.Connections, _settings.Processes);
        var children = new List<Child>();
        try
        {
            for (var i = 0; i < shares.Length; i++)
            {
                children.Add(Child.Start(i, _settings.ToChildArguments(i, shares[i], SourcesOf(i, _settings.Processes, _settings.SourceAddresses))));
            }

            // Every child connects, then says so; one that exits instead has failed and its final line says why.
            var connectLimit = TimeSpan.FromSeconds(60) + (_settings.ConnectTimeout * (1 + (_settings.Connections / Math.Max(1, _settings.ConnectParallelism))));
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(connectLimit);
                await Task.WhenAll(children.Select(child => child.WaitConnectedAsync(connectTimeout.Token)));
            }

            await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"mqtt-idle: {children.Count} processes report {children.Sum(c => c.Connected):N0} connected"));
            var holdStart = Stopwatch.GetTimestamp();
            var rssAfter = await MeasureRssAsync(cancellationToken);
            var heapAfter = _settings.MetricsUrl is { } metricsUrl ? await PrometheusScrape.ReadAsync(http, metricsUrl, _settings.HeapMetric, cancellationToken) : null;
            var remaining = _settings.Hold - Stopwatch.GetElapsedTime(holdStart);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, cancellationToken);
            }

            foreach (var child in children)
            {
                await child.ReleaseAsync();
            }

            using var exitTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            exitTimeout.CancelAfter(TimeSpan.FromSeconds(60));
            var results = await Task.WhenAll(children.Select(child => child.WaitResultAsync(exitTimeout.Token)));
            return Sum(startedAt, results, rssBefore, rssAfter, heapBefore, heapAfter);
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    internal RunResult Sum(DateTimeOffset startedAt, IReadOnlyList<RunResult?> results, long? rssBefore, long? rssAfter, double? heapBefore, double? heapAfter)
    {
        var target = _settings.Server.ToString();
        var finished = results.Where(result => result is not null).Select(result => result!).ToList();
        if (finished.Count > 0 && finished.All(result => result.Status == RunStatus.Unavailable))
        {
            return RunResult.Unavailable(MqttIdleRun.Mode, _label, target, startedAt, _settings.Describe(), finished[0].Reason ?? "unavailable");
        }

        double Total(string name) => finished.Sum(result => result.Metric(name) ?? 0);
        var connected = (long)Total("connected");
        var starts = finished.Select(result => result.Metric("connect_start_timestamp")).Where(value => value is not null).Select(value => value!.Value).ToList();
        var ends = finished.Select(result => result.Metric("connect_end_timestamp")).Where(value => value is not null).Select(value => value!.Value).ToList();
        var connectSeconds = starts.Count == 0 ? 0 : (ends.Max() - starts.Min()) / Stopwatch.Frequency;
        var metrics = new MetricList
        {
            { "connections", _settings.Connections },
            { "connected", connected },
            { "failed", Total("failed") },
            { "connect_seconds", connectSeconds },
            { "connect_per_s", Rates.PerSecond(connected, connectSeconds) },
            { "pings", Total("pings") },
            { "ping_responses", Total("ping_responses") },
            { "dropped", Total("dropped") },
            { "open_at_end", Total("open_at_end") },
        };
        if (finished.All(result => result.Metric("client_rss_before_bytes") is not null && result.Metric("client_rss_after_bytes") is not null))
        {
            MqttIdleRun.AddMemory(metrics, "client_rss", Total("client_rss_before_bytes"), Total("client_rss_after_bytes"), connected);
        }
        MqttIdleRun.AddMemory(metrics, "server_rss", rssBefore, rssAfter, connected);
        MqttIdleRun.AddMemory(metrics, "server_heap", heapBefore, heapAfter, connected);

        var problems = new List<string>();
        if (finished.Count < results.Count)
        {
            problems.Add($"{results.Count - finished.Count} child process(es) ended without a result");
        }

        problems.AddRange(finished.Where(result => result.Status != RunStatus.Ok).Select(result => result.Reason ?? "failed"));
        return new RunResult(
            MqttIdleRun.Mode, _label, target, problems.Count == 0 ? RunStatus.Ok : RunStatus.Failed, problems.Count == 0 ? null : string.Join("; ", problems),
            startedAt, _settings.Describe(), metrics);
    }

    private async Task<long?> MeasureRssAsync(CancellationToken cancellationToken) =>
        _settings.ServerPid is { } pid
            ? await ProcessMemory.SettleAsync(() => ProcessMemory.ReadRssBytes(pid), TimeSpan.FromMilliseconds(500), _settings.SettleTimeout, cancellationToken)
            : null;

    /// <summary>One child process and what it has said on stdout.</summary>
    private sealed class Child : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<bool> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<RunResult?> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Child(Process process) => _process = process;

        public int Connected { get; private set; }

        public static Child Start(int index, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };

            // Run the same program the same way: the apphost directly, or "dotnet postoffice-load.dll".
            var processPath = Environment.ProcessPath ?? "dotnet";
            start.FileName = processPath;
            if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(MqttIdleParent).Assembly.Location);
            }

            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start child process {index}");
            var child = new Child(process);
            _ = child.ReadOutputAsync();
            return child;
        }

        public async Task WaitConnectedAsync(CancellationToken cancellationToken)
        {
            await Task.WhenAny(_connected.Task, _result.Task).WaitAsync(cancellationToken);
        }

        public async Task ReleaseAsync()
        {
            try
            {
                await _process.StandardInput.WriteLineAsync(MqttIdleRun.ReleaseCommand);
                await _process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
                // Already gone; its result (or its absence) tells.
            }
        }

        public async Task<RunResult?> WaitResultAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await _result.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private async Task ReadOutputAsync()
        {
            try
            {
                while (await _process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (!line.StartsWith('{'))
                    {
                        continue;
                    }

                    using var document = JsonDocument.Parse(line);
                    if (document.RootElement.TryGetProperty("event", out var kind) && kind.GetString() == "connected")
                    {
                        Connected = document.RootElement.GetProperty("connected").GetInt32();
                        _connected.TrySetResult(true);
                    }
                    else if (document.RootElement.TryGetProperty("mode", out _))
                    {
                        _result.TrySetResult(ResultWriter.FromJsonLine(line));
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or JsonException or InvalidOperationException)
            {
            }
            finally
            {
                _connected.TrySetResult(false);
                _result.TrySetResult(null);
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using PostOffice.Load.Mqtt.Packets;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;
using PostOffice.Load.Targets;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>
/// <c>mqtt-idle</c> in one process: connect N clients, hold them with keep-alive, measure the server's memory
/// before and after, disconnect. As a child of <see cref="MqttIdleParent"/> it reports "connected" on stdout and
/// holds until the parent writes "release" on stdin (or the hold time runs out twice over).
/// </summary>
internal sealed class MqttIdleRun
{
    public const string Mode = "mqtt-idle";
    public const string ReleaseCommand = "release";

    private readonly MqttIdleSettings _settings;
    private readonly string _label;
    private readonly TextWriter _progress;
    private readonly TextWriter _output;
    private readonly TextReader _input;
    private string? _firstFailure;
    private long _failed;
    private long _refused;
    private long _pings;
    private long _pingResponses;
    private long _dropped;

    public MqttIdleRun(MqttIdleSettings settings, string label, TextWriter progress, TextWriter output, TextReader input)
    {
        _settings = settings;
        _label = label;
        _progress = progress;
        _output = output;
        _input = input;
    }

    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var target = _settings.Server.ToString();
        var isChild = _settings.ChildIndex is not null;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var (rssBefore, heapBefore) = isChild ? (null, null) : await MeasureServerAsync(http, cancellationToken);
        var ownRssBefore = ProcessMemory.ReadOwnRssBytes();

        var connections = new IdleConnection?[_settings.Connections];
        var connectStart = Stopwatch.GetTimestamp();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await ConnectAllAsync(connections, abort, cancellationToken);
        var connectEnd = Stopwatch.GetTimestamp();
        var connected = connections.Count(connection => connection is not null);
        if (connected == 0 && _refused > 0)
        {
            return RunResult.Unavailable(Mode, _label, target, startedAt, _settings.Describe(), "connection refused (nothing listens on the MQTT port)");
        }

        var connectSeconds = (connectEnd - connectStart) / (double)Stopwatch.Frequency;
        await _progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"mqtt-idle: {connected:N0} of {_settings.Connections:N0} connected in {connectSeconds:0.00} s ({Rates.PerSecond(connected, connectSeconds):N0}/s)"));

        var wheel = new KeepAliveWheel<IdleConnection>(KeepAliveWheel<IdleConnection>.SlotsFor(_settings.KeepAliveSeconds));
        for (var i = 0; i < connections.Length; i++)
        {
            if (connections[i] is { } connection)
            {
                wheel.Add(i, connection);
            }
        }

        using var holdEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keepAlive = RunKeepAliveAsync(wheel, holdEnd.Token);
        long? rssAfter = null;
        double? heapAfter = null;
        var holdStart = Stopwatch.GetTimestamp();
        if (isChild)
        {
            await _output.WriteLineAsync(ChildConnectedLine(connected, connectStart, connectEnd));
            await _output.FlushAsync(cancellationToken);
            await WaitForReleaseAsync(cancellationToken);
        }
        else
        {
            (rssAfter, heapAfter) = await MeasureServerAsync(http, cancellationToken);
            var remaining = _settings.Hold - Stopwatch.GetElapsedTime(holdStart);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, cancellationToken);
            }
        }

        var ownRssAfter = ProcessMemory.ReadOwnRssBytes();
        await holdEnd.CancelAsync();
        await keepAlive;
        var stillOpen = 0;
        foreach (var connection in wheel.All)
        {
            stillOpen += connection.IsOpen ? 1 : 0;
            connection.SendDisconnectAndClose();
        }

        var metrics = new MetricList
        {
            { "connections", _settings.Connections },
            { "connected", connected },
            { "failed", _failed },
            { "connect_seconds", connectSeconds },
            { "connect_per_s", Rates.PerSecond(connected, connectSeconds) },
            { "connect_start_timestamp", connectStart },
            { "connect_end_timestamp", connectEnd },
            { "pings", Interlocked.Read(ref _pings) },
            { "ping_responses", Interlocked.Read(ref _pingResponses) },
            { "dropped", Interlocked.Read(ref _dropped) },
            { "open_at_end", stillOpen },
        };
        AddMemory(metrics, "client_rss", ownRssBefore, ownRssAfter, connected);
        AddMemory(metrics, "server_rss", rssBefore, rssAfter, connected);
        AddMemory(metrics, "server_heap", heapBefore, heapAfter, connected);
        var reason = _failed > 0 ? $"{_failed:N0} connection(s) failed, first: {_firstFailure}"
            : _dropped > 0 ? $"{_dropped:N0} connection(s) dropped by the server while held"
            : null;
        return new RunResult(Mode, _label, target, reason is null ? RunStatus.Ok : RunStatus.Failed, reason, startedAt, _settings.Describe(), metrics);
    }

    internal static void AddMemory(MetricList metrics, string prefix, double? before, double? after, long connected)
    {
        if (before is null || after is null)
        {
            return;
        }

        metrics.Add($"{prefix}_before_bytes", before.Value);
        metrics.Add($"{prefix}_after_bytes", after.Value);
        metrics.Add($"{prefix}_per_connection_bytes", connected == 0 ? 0 : (after.Value - before.Value) / connected);
    }

    private async Task ConnectAllAsync(IdleConnection?[] connections, CancellationTokenSource abort, CancellationToken cancellationToken)
    {
        var sources = _settings.SourceAddresses;
        var topicPrefix = $"postoffice-load/{_settings.RunId}/idle/{_settings.ChildIndex ?? 0}/";
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, connections.Length),
                new ParallelOptions { MaxDegreeOfParallelism = _settings.ConnectParallelism, CancellationToken = abort.Token },
                async (i, token) =>
                {
                    try
                    {
                        var source = sources.Count == 0 ? null : sources[i % sources.Count];
                        connections[i] = await IdleConnection.OpenAsync(
                            _settings.Server, source, _settings.Version, $"po-idle-{_settings.RunId}-{_settings.ChildIndex ?? 0}-{i}", _settings.KeepAliveSeconds,
                            _settings.Subscribe ? topicPrefix + i.ToString(CultureInfo.InvariantCulture) : null, _settings.Qos, _settings.ConnectTimeout, token);
                    }
                    catch (Exception exception) when (exception is SocketException or MqttProtocolException or TimeoutException or IOException)
                    {
                        Interlocked.Increment(ref _failed);
                        Interlocked.CompareExchange(ref _firstFailure, MqttPubSubRun.Describe(exception), null);
                        if (MqttPubSubRun.IsUnavailable(exception))
                        {
                            Interlocked.Increment(ref _refused);
                            if (connections.All(connection => connection is null))
                            {
                                // Nothing listens: stop now instead of being refused N times.
                                await abort.CancelAsync();
                            }
                        }
                    }
                });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunKeepAliveAsync(KeepAliveWheel<IdleConnection> wheel, CancellationToken cancellationToken)
    {
        var scratch = new byte[4096];
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var connection in wheel.NextSlot())
                {
                    if (!connection.IsOpen)
                    {
                        continue;
                    }

                    if (connection.Ping(scratch, out var responses))
                    {
                        Interlocked.Increment(ref _pings);
                    }
                    else
                    {
                        Interlocked.Increment(ref _dropped);
                    }

                    Interlocked.Add(ref _pingResponses, responses);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<(long? Rss, double? Heap)> MeasureServerAsync(HttpClient http, CancellationToken cancellationToken)
    {
        long? rss = null;
        double? heap = null;
        if (_settings.ServerPid is { } pid)
        {
            rss = await ProcessMemory.SettleAsync(() => ProcessMemory.ReadRssBytes(pid), TimeSpan.FromMilliseconds(500), _settings.SettleTimeout, cancellationToken);
        }

        if (_settings.MetricsUrl is { } url)
        {
            heap = await PrometheusScrape.ReadAsync(http, url, _settings.HeapMetric, cancellationToken);
        }

        return (rss, heap);
    }

    private async Task WaitForReleaseAsync(CancellationToken cancellationToken)
    {
        // Bounded: a parent that vanished without a word must not leave this child holding connections forever.
        var limit = (_settings.Hold * 2) + _settings.SettleTimeout + TimeSpan.FromSeconds(60);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            while (await _input.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Trim() == ReleaseCommand)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private string ChildConnectedLine(int connected, long connectStart, long connectEnd) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"event\":\"connected\",\"child\":{_settings.ChildIndex},\"connected\":{connected},\"failed\":{_failed},\"connectStart\":{connectStart},\"connectEnd\":{connectEnd}}}");
}

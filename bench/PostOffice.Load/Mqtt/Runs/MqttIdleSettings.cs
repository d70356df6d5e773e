using System.Globalization;
using System.Net;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>The <c>mqtt-idle</c> run: hold many quiet connections and measure what they cost the server.</summary>
public sealed record MqttIdleSettings
{
    public required IPEndPoint Server { get; init; }

    public MqttProtocolVersion Version { get; init; } = MqttProtocolVersion.V311;

    public int Connections { get; init; } = 1000;

    /// <summary>Subscribe each connection to its own topic (QoS <see cref="Qos"/>) after CONNACK.</summary>
    public bool Subscribe { get; init; }

    public int Qos { get; init; }

    public ushort KeepAliveSeconds { get; init; } = 60;

    /// <summary>How long to keep the connections open once all are connected; memory is measured during it.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections being set up at once.</summary>
    public int ConnectParallelism { get; init; } = 100;

    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>The server's process, for VmRSS before and after; optional.</summary>
    public int? ServerPid { get; init; }

    /// <summary>A Prometheus endpoint of the server, for its managed heap before and after; optional.</summary>
    public Uri? MetricsUrl { get; init; }

    public string HeapMetric { get; init; } = "dotnet_gc_heap_size_bytes";

    /// <summary>Longest wait for memory readings to settle.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Child processes to spread the connections over (each may open only so many files); 1 runs in-process.</summary>
    public int Processes { get; init; } = 1;

    /// <summary>Set in a child: its index, and that it reports "connected" and waits for the parent's "release".</summary>
    public int? ChildIndex { get; init; }

    public string RunId { get; init; } = "run";

    public IReadOnlyList<KeyValuePair<string, string>> Describe() =>
    [
        KeyValuePair.Create("protocol", Version == MqttProtocolVersion.V500 ? "5.0" : "3.1.1"),
        KeyValuePair.Create("connections", Connections.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("subscribe", Subscribe ? $"yes (qos {Qos})" : "no"),
        KeyValuePair.Create("keep_alive_s", KeepAliveSeconds.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("hold_s", Hold.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
        KeyValuePair.Create("sources", SourceAddresses.Count == 0 ? "kernel's choice" : string.Join(',', SourceAddresses)),
        KeyValuePair.Create("processes", Processes.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The command line of child <paramref name="index"/>, holding <paramref name="connections"/> connections.</summary>
    public IReadOnlyList<string> ToChildArguments(int index, int connections, IReadOnlyList<IPAddress> sources)
    {
        var arguments = new List<string>
        {
            MqttIdleRun.Mode,
            "--host", Server.Address.ToString(),
            "--port", Server.Port.ToString(CultureInfo.InvariantCulture),
            "--protocol", Version == MqttProtocolVersion.V500 ? "5.0" : "3.1.1",
            "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--keep-alive", KeepAliveSeconds.ToString(CultureInfo.InvariantCulture),
            "--hold", Hold.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--connect-timeout", ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--connect-parallelism", Math.Max(1, ConnectParallelism / Math.Max(1, Processes)).ToString(CultureInfo.InvariantCulture),
            "--sources", sources.Count == 0 ? "0" : string.Join(',', sources),
            "--format", "json",
            "--child-index", index.ToString(CultureInfo.InvariantCulture),
            "--run-id", RunId,
        };
        if (Subscribe)
        {
            arguments.AddRange(["--subscribe", "--qos", Qos.ToString(CultureInfo.InvariantCulture)]);
        }

        return arguments;
    }
}

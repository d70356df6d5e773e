using System.CommandLine;
using System.Net;
using PostOffice.Load.Mqtt.Packets;
using PostOffice.Load.Mqtt.Runs;

namespace PostOffice.Load.CommandLine;

public sealed partial class LoadCommandLine
{
    private sealed class MqttTargetOptions
    {
        public Option<string> Host { get; } = NewOption("--host", "Broker address: 127.0.0.0/8, ::1 or localhost", "127.0.0.1");

        public Option<int> Port { get; } = NewOption("--port", "Broker MQTT port", 1883);

        public Option<string> Protocol { get; } = NewOption("--protocol", "MQTT version: 3.1.1 or 5.0", "3.1.1");

        public Option<int> KeepAlive { get; } = NewOption("--keep-alive", "Keep-alive in seconds (CONNECT); PINGREQ goes out at half of it", 60);

        public Option<double> ConnectTimeout { get; } = NewOption("--connect-timeout", "Seconds to wait for TCP connect and CONNACK", 10.0);

        public Option<int> Qos { get; } = NewOption("--qos", "QoS of publishes and subscriptions: 0, 1 or 2", 0);

        public void AddTo(Command command)
        {
            command.Options.Add(Host);
            command.Options.Add(Port);
            command.Options.Add(Protocol);
            command.Options.Add(KeepAlive);
            command.Options.Add(ConnectTimeout);
            command.Options.Add(Qos);
        }

        public IPEndPoint? ReadServer(ParseResult parseResult, Validation validation)
        {
            var host = parseResult.GetValue(Host) ?? string.Empty;
            var port = parseResult.GetValue(Port);
            validation.Range("--port", port, 1, 65535);
            if (!LoopbackAddresses.TryParseHost(host, out var address, out var error))
            {
                validation.Add($"--host {error}");
                return null;
            }

            return port is >= 1 and <= 65535 ? new IPEndPoint(address, port) : null;
        }

        public MqttProtocolVersion ReadVersion(ParseResult parseResult, Validation validation)
        {
            switch (parseResult.GetValue(Protocol))
            {
                case "3.1.1" or "4":
                    return MqttProtocolVersion.V311;
                case "5.0" or "5":
                    return MqttProtocolVersion.V500;
                default:
                    validation.Add($"--protocol {parseResult.GetValue(Protocol)}: must be 3.1.1 or 5.0");
                    return MqttProtocolVersion.V311;
            }
        }

        public int ReadQos(ParseResult parseResult, Validation validation)
        {
            var qos = parseResult.GetValue(Qos);
            if (qos is < 0 or > 2)
            {
                validation.Add($"--qos {qos}: must be 0, 1 or 2");
            }

            return qos;
        }
    }

    private static IReadOnlyList<IPAddress> ReadSources(string? spec, Validation validation)
    {
        if (!LoopbackAddresses.TryParseSources(spec ?? "0", out var sources, out var error))
        {
            validation.Add(error!);
        }

        return sources;
    }

    private Command CreateMqttIdleCommand()
    {
        var command = new Command(MqttIdleRun.Mode, "Hold N quiet MQTT connections; report connect rate and the server's memory per connection");
        var target = new MqttTargetOptions();
        target.AddTo(command);
        var connections = NewOption("--connections", "Connections to open, over all processes", 1000);
        var subscribe = NewOption("--subscribe", "Subscribe each connection to a topic of its own (at --qos)", false);
        var hold = NewOption("--hold", "Seconds to hold the connections once all are open", 10.0);
        var parallelism = NewOption("--connect-parallelism", "Connections being opened at once", 100);
        var sources = NewOption("--sources", "Source addresses: a count N (127.0.0.2..), a range 127.0.0.2-127.0.0.9, a list, or 0 for the kernel's choice", "4");
        var serverPid = new Option<int?>("--server-pid") { Description = "PID of the server, to read its VmRSS before and after" };
        var metricsUrl = new Option<string?>("--metrics-url") { Description = "Prometheus endpoint of the server, to read its managed heap before and after" };
        var heapMetric = NewOption("--heap-metric", "Metric holding the managed heap size in bytes", "dotnet_gc_heap_size_bytes");
        var settle = NewOption("--settle-timeout", "Longest wait, in seconds, for the server's memory to settle before a reading", 15.0);
        var processes = NewOption("--processes", "Child processes to spread the connections over (each process may open only so many files)", 1);
        var childIndex = new Option<int?>("--child-index") { Hidden = true };
        var runId = new Option<string?>("--run-id") { Hidden = true };
        foreach (var option in new Option[] { connections, subscribe, hold, parallelism, sources, serverPid, metricsUrl, heapMetric, settle, processes, childIndex, runId })
        {
            command.Options.Add(option);
        }

        AddCommon(command);
        _readers[command] = (parseResult, validation, output) =>
        {
            var server = target.ReadServer(parseResult, validation);
            var settings = new MqttIdleSettings
            {
                Server = server ?? new IPEndPoint(IPAddress.Loopback, 1),
                Version = target.ReadVersion(parseResult, validation),
                Qos = target.ReadQos(parseResult, validation),
                KeepAliveSeconds = (ushort)Math.Clamp(parseResult.GetValue(target.KeepAlive), 0, ushort.MaxValue),
                ConnectTimeout = TimeSpan.FromSeconds(parseResult.GetValue(target.ConnectTimeout)),
                Connections = parseResult.GetValue(connections),
                Subscribe = parseResult.GetValue(subscribe),
                Hold = TimeSpan.FromSeconds(parseResult.GetValue(hold)),
                ConnectParallelism = parseResult.GetValue(parallelism),
                SourceAddresses = ReadSources(parseResult.GetValue(sources), validation),
                ServerPid = parseResult.GetValue(serverPid),
                HeapMetric = parseResult.GetValue(heapMetric) ?? "dotnet_gc_heap_size_bytes",
                SettleTimeout = TimeSpan.FromSeconds(parseResult.GetValue(settle)),
                Processes = parseResult.GetValue(processes),
                ChildIndex = parseResult.GetValue(childIndex),
                RunId = parseResult.GetValue(runId) ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)),
            };
            if (parseResult.GetValue(metricsUrl) is { } url)
            {
                if (LoopbackAddresses.TryParseUrl(url, out var parsed, out var error))
                {
                    settings = settings with { MetricsUrl = parsed };
                }
                else
                {
                    validation.Add($"--metrics-url {error}");
                }
            }

            validation.Range("--connections", settings.Connections, 1, 1_000_000);
            validation.Range("--keep-alive", parseResult.GetValue(target.KeepAlive), 1, 65535, "seconds");
            validation.Seconds("--connect-timeout", settings.ConnectTimeout.TotalSeconds, 0.1, 300);
            validation.Seconds("--hold", settings.Hold.TotalSeconds, 0.1, 3600);
            validation.Seconds("--settle-timeout", settings.SettleTimeout.TotalSeconds, 0, 300);
            validation.Range("--connect-parallelism", settings.ConnectParallelism, 1, 10_000);
            validation.Range("--processes", settings.Processes, 1, 64);
            if (settings.ServerPid is { } pid && !Directory.Exists($"/proc/{pid}"))
            {
                validation.Add($"--server-pid {pid}: no such process");
            }

            if (settings.ChildIndex is not null && settings.Processes != 1)
            {
                validation.Add("--child-index is for child processes, which run with --processes 1");
            }

            return new MqttIdleRequest(output, settings);
        };
        return command;
    }

    private Command CreateMqttPubSubCommand()
    {
        var command = new Command(MqttPubSubRun.Mode, "Publishers and subscribers over topics; report msgs/s, deliveries/s, losses, duplicates and publish-to-receive latency");
        var target = new MqttTargetOptions();
        target.AddTo(command);
        var publishers = NewOption("--publishers", "Publishing connections", 1);
        var subscribers = NewOption("--subscribers", "Subscribing connections", 1);
        var topics = NewOption("--topics", "Topics; publisher p publishes to topic p mod T", 1);
        var payload = NewOption("--payload-size", "Payload bytes (at least 20: timestamp, publisher, sequence)", 64);
        var rate = NewOption("--rate", "Messages per second over all publishers; 0 for the maximum rate", 0.0);
        var inflight = NewOption("--inflight", "Per publisher: unacknowledged messages (QoS 1/2), or not yet delivered to the topic's first subscriber (QoS 0)", 100);
        var receiveMaximum = NewOption("--receive-maximum", "Per publisher, QoS 1/2 publishes awaiting acknowledgement; 0: the server's Receive Maximum (5.0), 20 under 3.1.1", 0);
        var duration = NewOption("--duration", "Measured seconds, after the warm-up", 10.0);
        var warmup = NewOption("--warmup", "Seconds of load before measuring", 2.0);
        var drain = NewOption("--drain", "Seconds to wait, after the last publish, for deliveries still on their way", 5.0);
        var maxMessages = NewOption("--max-messages", "Cap on messages over all publishers, warm-up included", 50_000_000L);
        var sources = NewOption("--sources", "Source addresses (see mqtt-idle); 0 for the kernel's choice", "0");
        var persistent = NewOption("--persistent-subscribers", "Subscribers keep their session (Clean Session 0 / Clean Start 0 with an expiry), so a persisting broker stores QoS 1/2 messages for them", false);
        foreach (var option in new Option[] { publishers, subscribers, topics, payload, rate, inflight, receiveMaximum, duration, warmup, drain, maxMessages, sources, persistent })
        {
            command.Options.Add(option);
        }

        AddCommon(command);
        _readers[command] = (parseResult, validation, output) =>
        {
            var server = target.ReadServer(parseResult, validation);
            var settings = new MqttPubSubSettings
            {
                Server = server ?? new IPEndPoint(IPAddress.Loopback, 1),
                Version = target.ReadVersion(parseResult, validation),
                Qos = target.ReadQos(parseResult, validation),
                KeepAliveSeconds = (ushort)Math.Clamp(parseResult.GetValue(target.KeepAlive), 0, ushort.MaxValue),
                ConnectTimeout = TimeSpan.FromSeconds(parseResult.GetValue(target.ConnectTimeout)),
                Publishers = parseResult.GetValue(publishers),
                Subscribers = parseResult.GetValue(subscribers),
                Topics = parseResult.GetValue(topics),
                PayloadSize = parseResult.GetValue(payload),
                Rate = parseResult.GetValue(rate),
                Inflight = parseResult.GetValue(inflight),
                ReceiveMaximum = parseResult.GetValue(receiveMaximum),
                Duration = TimeSpan.FromSeconds(parseResult.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parseResult.GetValue(warmup)),
                Drain = TimeSpan.FromSeconds(parseResult.GetValue(drain)),
                MaxMessages = parseResult.GetValue(maxMessages),
                SourceAddresses = ReadSources(parseResult.GetValue(sources), validation),
                PersistentSubscribers = parseResult.GetValue(persistent),
            };
            validation.Range("--publishers", settings.Publishers, 1, 10_000);
            validation.Range("--subscribers", settings.Subscribers, 0, 10_000);
            validation.Range("--topics", settings.Topics, 1, 10_000);
            validation.Range("--payload-size", settings.PayloadSize, Mqtt.LoadPayload.HeaderSize, 1_048_576, "bytes");
            if (double.IsNaN(settings.Rate) || settings.Rate < 0 || settings.Rate > 10_000_000)
            {
                validation.Add(Invariant($"--rate {settings.Rate}: must be 0 (maximum rate) or a positive number of messages per second up to 10,000,000"));
            }

            validation.Range("--inflight", settings.Inflight, 1, 32_768);
            validation.Range("--receive-maximum", settings.ReceiveMaximum, 0, 32_768);
            validation.Range("--keep-alive", parseResult.GetValue(target.KeepAlive), 1, 65535, "seconds");
            validation.Seconds("--connect-timeout", settings.ConnectTimeout.TotalSeconds, 0.1, 300);
            validation.Seconds("--duration", settings.Duration.TotalSeconds, 0.1, 3600);
            validation.Seconds("--warmup", settings.Warmup.TotalSeconds, 0, 600);
            validation.Seconds("--drain", settings.Drain.TotalSeconds, 0, 300);
            validation.Range("--max-messages", settings.MaxMessages, 1, 1_000_000_000);
            if ((long)settings.Publishers * settings.Subscribers > 1_000_000)
            {
                validation.Add("--publishers x --subscribers must stay at or below 1,000,000 (each subscriber tracks each publisher's sequence numbers)");
            }

            return new MqttPubSubRequest(output, settings);
        };
        return command;
    }
}

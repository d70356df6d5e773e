using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Gateway.Transport;

namespace PostOffice.Benchmarks.Gateway;

/// <summary>
/// <c>mqtt-transport-idle</c>: the TCP transport alone behind a handler that answers CONNECT, SUBSCRIBE and PINGREQ,
/// for the load tool's <c>mqtt-idle</c> to measure resident memory per idle connection. Prints the connection count,
/// the managed heap and the buffers held every few seconds until stopped (Ctrl-C or SIGTERM).
/// </summary>
public static class TransportIdleServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(Option(args, "--port", "1883"), CultureInfo.InvariantCulture);
        var address = IPAddress.Parse(Option(args, "--address", "127.0.0.1"));
        var seconds = double.Parse(Option(args, "--report-seconds", "5"), CultureInfo.InvariantCulture);

        // A full collection before each reading shows the live heap rather than live objects plus garbage.
        var collect = args.Contains("--collect");
        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

        // --gateway: the whole MQTT broker (sessions, subscription tree) behind the transport, without a store.
        await using var broker = new PostOffice.Gateway.MqttBroker(
            new PostOffice.Gateway.MqttGatewayOptions { SystemTopicInterval = TimeSpan.Zero },
            new PostOffice.Gateway.Security.PasswordAuthenticator(new Dictionary<string, string>(), allowAnonymous: true),
            PostOffice.Gateway.Security.AllowAllAuthorizer.Instance,
            TimeProvider.System,
            NullLoggerFactory.Instance);
        IMqttConnectionHandler handler = args.Contains("--gateway") ? broker : new IdleMqttHandler();
        await using var listener = new SocketMqttListener(new IPEndPoint(address, port), handler, NullLogger.Instance);
        listener.Start();
        Console.WriteLine(FormattableString.Invariant($"mqtt-transport-idle listening on {listener.LocalEndPoint}, pid {Environment.ProcessId}, server GC {System.Runtime.GCSettings.IsServerGC}"));
        var started = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var heap = GC.GetTotalMemory(forceFullCollection: collect);
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            Console.WriteLine(FormattableString.Invariant(
                $"{Stopwatch.GetElapsedTime(started).TotalSeconds,6:F0} s  connections {listener.ConnectionCount,7}  managed heap {heap / 1048576.0,7:F1} MiB  GC committed {committed / 1048576.0,7:F1} MiB  RSS {ResidentMebibytes()} MiB  rented buffers {BufferedTransportConnection.RentedBuffers}"));
        }

        await listener.StopAsync();
        return 0;
    }

    /// <summary>Reading /proc needs a file descriptor, which a run at the descriptor limit may not have.</summary>
    private static string ResidentMebibytes()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return (process.WorkingSet64 / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "n/a";
        }
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}

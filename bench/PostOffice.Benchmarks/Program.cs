using BenchmarkDotNet.Running;
using PostOffice.Benchmarks.Allocations;
using PostOffice.Benchmarks.Gateway;
using PostOffice.Benchmarks.Load;
using PostOffice.Benchmarks.Storage;

namespace PostOffice.Benchmarks;

public static class Program
{
    /// <summary>Every BenchmarkDotNet class; <c>check-allocations</c> runs all of them.</summary>
    internal static Type[] MicroBenchmarkTypes { get; } = [typeof(ChunkCodecBenchmarks), typeof(Crc32CBenchmarks), typeof(SubscriptionTreeBenchmarks), typeof(Broker.ReceiptTagBenchmarks), typeof(Aws.Md5Benchmarks)];

    public static async Task<int> Main(string[] args)
    {
        var rest = args.Length > 0 ? args[1..] : [];
        switch (args.FirstOrDefault())
        {
            case "micro":
                var summaries = BenchmarkSwitcher.FromTypes(MicroBenchmarkTypes).Run(rest);
                return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
            case "check-allocations":
                return AllocationCheck.Run(rest);
            case "append-load":
                return await AppendLoad.RunAsync(rest).ConfigureAwait(false);
            case "queue-depth":
                return await Broker.QueueDepthLoad.RunAsync(rest).ConfigureAwait(false);
            case "mqtt-transport-idle":
                return await Gateway.TransportIdleServer.RunAsync(rest).ConfigureAwait(false);
            case "sqs-path":
                return await Aws.SqsRequestPathLoad.RunAsync(rest).ConfigureAwait(false);
            case "http-floor":
                return await Aws.HttpFloorServer.RunAsync(rest).ConfigureAwait(false);
            default:
                await Console.Error.WriteLineAsync(
                    """
                    Usage: dotnet run -c Release --project bench/PostOffice.Benchmarks -- <mode> [arguments]

                      micro [BenchmarkSwitcher arguments]   BenchmarkDotNet micro benchmarks, e.g. --filter '*Chunk*'
                      check-allocations [--budget <file>]    fails when a micro benchmark allocates more than allocations.json allows
                      append-load [--writers 1,16,256] [--seconds 10] [--warmup-seconds 2] [--record-bytes 512] [--dir <path>]
                                                             write-ahead log append throughput and ack latency, next to raw write+fdatasync
                      queue-depth [--depths 10,1000000] [--seconds 10] [--workers 16] [--resident-mb 64] [--dir <path>]
                                                             queue engine send/receive/delete cost per message at each backlog depth
                      mqtt-transport-idle [--port 1883] [--address 127.0.0.1] [--report-seconds 5] [--collect] [--gateway]
                                                             the MQTT TCP transport alone (CONNACK, SUBACK, PINGRESP) for postoffice-load mqtt-idle
                      sqs-path [--operations send,send-batch,receive-delete] [--seconds 5] [--workers 16] [--dir <path>]
                                                             the SQS request path in process: CPU and allocated bytes per request
                      http-floor [--port 4599]                Kestrel answering SQS requests with fixed answers, for postoffice-load sqs:
                                                             what HTTP and the load tool cost before any of PostOffice's work
                    """).ConfigureAwait(false);
                return 2;
        }
    }
}

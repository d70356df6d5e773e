using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Aws;
using PostOffice.Aws.Dispatch;
using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Benchmarks.Aws;

/// <summary>
/// <c>sqs-path</c>: the SQS request path in process, without sockets (STYLE §7, embedded server): a request context
/// with the JSON body a client sends goes through the AWS dispatcher, the SQS action, the queue engine and the real
/// write-ahead log (fdatasync on). Reports, per request, the bytes the whole process allocated and its CPU time
/// (user + system, every thread: the log's writer and the garbage collector included). Both stay meaningful on a
/// machine shared with other work, unlike requests per second. Kestrel's own cost (sockets, HTTP parsing) is not
/// included; a <see cref="DefaultHttpContext"/> per request is.
/// </summary>
public static class SqsRequestPathLoad
{
    private const string Queue = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var operations = Option(args, "--operations", "send,send-batch,receive-delete").Split(',');
        var seconds = int.Parse(Option(args, "--seconds", "5"), CultureInfo.InvariantCulture);
        var workers = int.Parse(Option(args, "--workers", "16"), CultureInfo.InvariantCulture);
        if (seconds is < 1 or > 600 || workers is < 1 or > 1024 || operations.Any(o => o is not ("send" or "send-batch" or "receive-delete")))
        {
            await Console.Error.WriteLineAsync("sqs-path: --operations send,send-batch,receive-delete, --seconds 1..600, --workers 1..1024").ConfigureAwait(false);
            return 2;
        }

        var root = Path.Combine(Path.GetFullPath(Option(args, "--dir", Path.GetTempPath())), $"postoffice-sqs-path-{Environment.ProcessId}");
        try
        {
            using var engine = new QueueEngine(new QueueEngineOptions(), TimeProvider.System, NullLoggerFactory.Instance);
            await using var storage = await StorageEngine.OpenAsync(new StorageOptions { DataDirectory = root }, engine.LoadAsync, NullLoggerFactory.Instance, CancellationToken.None).ConfigureAwait(false);
            engine.Attach(storage.Log);
            await engine.CreateQueueAsync(new CreateQueueRequest(Queue, new Dictionary<string, string>(), new Dictionary<string, string>()), CancellationToken.None).ConfigureAwait(false);
            var services = new ServiceCollection()
                .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
                .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
                .AddSingleton<IQueueService>(engine)
                .AddAwsProtocols()
                .BuildServiceProvider();
            var dispatcher = services.GetRequiredService<AwsRequestDispatcher>();

            Console.WriteLine($"{workers} concurrent requests, {seconds} s per operation, durable, 256-byte bodies");
            Console.WriteLine();
            Console.WriteLine("| operation | requests/s | messages/s | CPU µs/request | of which system | allocated bytes/request |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (var operation in operations)
            {
                // A short untimed run first, so the JIT's tiers are done before the measured one.
                await MeasureAsync(dispatcher, operation, workers, 1).ConfigureAwait(false);
                var (requests, messages, cpuUs, systemUs, allocated, elapsed) = await MeasureAsync(dispatcher, operation, workers, seconds).ConfigureAwait(false);
                Console.WriteLine(FormattableString.Invariant(
                    $"| {operation} | {requests / elapsed:N0} | {messages / elapsed:N0} | {cpuUs / requests:F1} | {systemUs / requests:F1} | {allocated / requests:N0} |"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(long Requests, long Messages, double CpuUs, double SystemUs, long Allocated, double Elapsed)> MeasureAsync(
        AwsRequestDispatcher dispatcher, string operation, int workers, int seconds)
    {
        var body = new string('x', 256);
        var send = Encoding.UTF8.GetBytes($$"""{"QueueUrl":"http://localhost/000000000000/{{Queue}}","MessageBody":"{{body}}"}""");
        var entries = string.Join(',', Enumerable.Range(0, 10).Select(i => $$"""{"Id":"m{{i}}","MessageBody":"{{body}}"}"""));
        var sendBatch = Encoding.UTF8.GetBytes($$"""{"QueueUrl":"http://localhost/000000000000/{{Queue}}","Entries":[{{entries}}]}""");
        var receive = Encoding.UTF8.GetBytes($$"""{"QueueUrl":"http://localhost/000000000000/{{Queue}}","MaxNumberOfMessages":10}""");
        if (operation == "receive-delete")
        {
            // Enough for the whole window at any plausible rate; topped up outside the measurement when it runs low.
            await Parallel.ForEachAsync(Enumerable.Range(0, 20_000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
                await SendAsync(dispatcher, "SendMessageBatch", sendBatch).ConfigureAwait(false)).ConfigureAwait(false);
        }

        long requests = 0;
        long messages = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var systemBefore = process.PrivilegedProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var stop = started + (seconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stop)
            {
                switch (operation)
                {
                    case "send":
                        await SendAsync(dispatcher, "SendMessage", send).ConfigureAwait(false);
                        Interlocked.Increment(ref requests);
                        Interlocked.Increment(ref messages);
                        break;
                    case "send-batch":
                        await SendAsync(dispatcher, "SendMessageBatch", sendBatch).ConfigureAwait(false);
                        Interlocked.Increment(ref requests);
                        Interlocked.Add(ref messages, 10);
                        break;
                    default:
                        var response = await SendAsync(dispatcher, "ReceiveMessage", receive).ConfigureAwait(false);
                        var handles = ReceiptHandles(response);
                        if (handles.Count == 0)
                        {
                            return;
                        }

                        var delete = Encoding.UTF8.GetBytes($$"""{"QueueUrl":"http://localhost/000000000000/{{Queue}}","Entries":[{{string.Join(',', handles.Select((h, i) => $$"""{"Id":"d{{i}}","ReceiptHandle":"{{h}}"}"""))}}]}""");
                        await SendAsync(dispatcher, "DeleteMessageBatch", delete).ConfigureAwait(false);
                        Interlocked.Add(ref requests, 2);
                        Interlocked.Add(ref messages, handles.Count);
                        break;
                }
            }
        }))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var cpuUs = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        var systemUs = (process.PrivilegedProcessorTime - systemBefore).TotalMicroseconds;
        return (Math.Max(1, requests), messages, cpuUs, systemUs, allocated, elapsed);
    }

    private static async Task<byte[]> SendAsync(AwsRequestDispatcher dispatcher, string action, byte[] body)
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = "POST";
        request.Scheme = "http";
        request.Host = new HostString("localhost");
        request.Path = "/";
        request.ContentType = "application/x-amz-json-1.0";
        request.ContentLength = body.Length;
        request.Headers["X-Amz-Target"] = $"AmazonSQS.{action}";
        request.Headers.Authorization = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/us-east-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123";
        request.Body = new MemoryStream(body, writable: false);
        var output = new MemoryStream();
        context.Response.Body = output;
        await dispatcher.HandleAsync(context).ConfigureAwait(false);
        if (context.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"{action} answered {context.Response.StatusCode}: {Encoding.UTF8.GetString(output.ToArray())}");
        }

        return action == "ReceiveMessage" ? output.ToArray() : [];
    }

    private static List<string> ReceiptHandles(byte[] response)
    {
        using var document = System.Text.Json.JsonDocument.Parse(response);
        return document.RootElement.TryGetProperty("Messages", out var messages)
            ? [.. messages.EnumerateArray().Select(m => m.GetProperty("ReceiptHandle").GetString()!)]
            : [];
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
    }
}

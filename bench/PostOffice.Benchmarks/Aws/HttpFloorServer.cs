using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace PostOffice.Benchmarks.Aws;

/// <summary>
/// <c>http-floor</c>: Kestrel set up as <c>postoffice serve</c> sets it up (HTTP/1.1, no server header), answering
/// every SQS JSON request with a fixed answer and doing nothing else: no parsing, no queue, no log. Driven by
/// <c>postoffice-load sqs --operation send</c>, it shows what HTTP over loopback and the load tool cost on this
/// machine before any of PostOffice's work, i.e. the ceiling of any server built on Kestrel here.
/// </summary>
public static class HttpFloorServer
{
    private static readonly byte[] QueueUrlAnswer = """{"QueueUrl":"http://127.0.0.1/000000000000/floor"}"""u8.ToArray();
    private static readonly byte[] SendAnswer = """{"MD5OfMessageBody":"00000000000000000000000000000000","MessageId":"00000000-0000-0000-0000-000000000000"}"""u8.ToArray();
    private static readonly byte[] EmptyAnswer = "{}"u8.ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        var portText = args.SkipWhile(a => a != "--port").Skip(1).FirstOrDefault() ?? "4599";
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            await Console.Error.WriteLineAsync("http-floor: --port 1..65535").ConfigureAwait(false);
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        await using var app = builder.Build();
        app.Run(AnswerAsync);
        Console.WriteLine($"http-floor: fixed SQS answers on http://127.0.0.1:{port}/ until stopped");
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        // Read the whole body, as the real server does before it dispatches.
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync().ConfigureAwait(false);
            reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var answer = target.EndsWith(".SendMessage", StringComparison.Ordinal) ? SendAnswer
            : target.EndsWith(".CreateQueue", StringComparison.Ordinal) || target.EndsWith(".GetQueueUrl", StringComparison.Ordinal) ? QueueUrlAnswer
            : EmptyAnswer;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.Headers["x-amzn-RequestId"] = "00000000-0000-0000-0000-000000000000";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer).ConfigureAwait(false);
    }
}

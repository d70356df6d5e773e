using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// Forwards every request to the SQS server unchanged (the Host header too, so SigV4 signatures still hold) and
/// replaces each body digest in the response, JSON or XML, with the MD5 of something else.
/// </summary>
public sealed partial class Md5CorruptingProxy : IAsyncDisposable
{
    /// <summary>The MD5 of "corrupted": what the proxy puts in place of every body digest.</summary>
    public static readonly string CorruptedDigest = MessageMd5.OfBody("corrupted");

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Expect", "Host", "Upgrade", "Proxy-Connection",
    };

    private readonly HttpClient _upstream = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Uri _target;
    private readonly LoopbackHttpServer _server;
    private int _corrupted;

    public Md5CorruptingProxy(Uri target)
    {
        _target = target;
        _server = LoopbackHttpServer.Start(ForwardAsync);
    }

    public Uri Endpoint => _server.Endpoint;

    /// <summary>How many digests the proxy replaced, so that a test can tell it did its part.</summary>
    public int CorruptedCount => Volatile.Read(ref _corrupted);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _upstream.Dispose();
    }

    // JSON: "MD5OfMessageBody":"<hex>" and "MD5OfBody":"<hex>"; XML: <MD5OfMessageBody>hex</MD5OfMessageBody>.
    [GeneratedRegex("""(?<open>"MD5Of(?:Message)?Body"\s*:\s*"|<MD5Of(?:Message)?Body>)[0-9a-f]{32}""")]
    private static partial Regex BodyDigest();

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.HttpMethod), new Uri(_target, incoming.Url!.PathAndQuery));
        using var body = new MemoryStream();
        await incoming.InputStream.CopyToAsync(body);
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var name in incoming.Headers.AllKeys.OfType<string>().Where(name => !HopByHopHeaders.Contains(name)))
        {
            var values = incoming.Headers.GetValues(name) ?? [];
            if (!request.Headers.TryAddWithoutValidation(name, values))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values);
            }
        }

        request.Headers.Host = incoming.Headers["Host"];
        using var response = await _upstream.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var corrupted = BodyDigest().Replace(text, match =>
        {
            Interlocked.Increment(ref _corrupted);
            return match.Groups["open"].Value + CorruptedDigest;
        });

        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers).Where(header => !HopByHopHeaders.Contains(header.Key)))
        {
            outgoing.Headers[header.Key] = string.Join(',', header.Value);
        }

        var bytes = Encoding.UTF8.GetBytes(corrupted);
        outgoing.ContentLength64 = bytes.Length;
        await outgoing.OutputStream.WriteAsync(bytes);
    }
}

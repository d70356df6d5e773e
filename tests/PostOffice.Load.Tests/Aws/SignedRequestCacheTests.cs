using System.Buffers;
using System.Text;
using PostOffice.Load.Aws;

namespace PostOffice.Load.Tests.Aws;

public sealed class SignedRequestCacheTests
{
    private static readonly Uri Endpoint = new("http://127.0.0.1:4566/");

    private static SignedRequestCache Cache() => new(new AwsRequestWriter(Endpoint, AwsCredentials.Test, "us-east-1"));

    private static string Text(ReadOnlyMemory<byte> request) => Encoding.UTF8.GetString(request.Span);

    [Fact]
    public void GetRequest_JsonBody_IsASignedHttp11Post()
    {
        var body = "{\"QueueName\":\"q\"}"u8.ToArray();

        var request = Text(Cache().GetRequest(new SignedRequestKey("sqs", "application/x-amz-json-1.0", "AmazonSQS.CreateQueue", body), new ArrayBufferWriter<byte>()));

        var lines = request.Split("\r\n");
        Assert.Equal("POST / HTTP/1.1", lines[0]);
        Assert.Equal("Host: 127.0.0.1:4566", lines[1]);
        Assert.Equal("Content-Type: application/x-amz-json-1.0", lines[2]);
        Assert.Equal("X-Amz-Target: AmazonSQS.CreateQueue", lines[3]);
        Assert.Matches("^X-Amz-Date: [0-9]{8}T[0-9]{6}Z$", lines[4]);
        Assert.Matches("^Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/[0-9]{8}/us-east-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=[0-9a-f]{64}$", lines[5]);
        Assert.Equal($"Content-Length: {body.Length}", lines[6]);
        Assert.EndsWith("\r\n\r\n{\"QueueName\":\"q\"}", request, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRequest_QueryBody_IsSentAsUtf8WithoutTarget()
    {
        var request = Text(Cache().GetRequest(new SignedRequestKey("sns", "application/x-www-form-urlencoded; charset=utf-8", null, "Action=Publish&Message=\u00e9"), new ArrayBufferWriter<byte>()));

        Assert.DoesNotContain("X-Amz-Target", request, StringComparison.Ordinal);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date, ", request, StringComparison.Ordinal);
        Assert.EndsWith("Content-Length: 25\r\n\r\nAction=Publish&Message=\u00e9", request, StringComparison.Ordinal);
    }

    [Fact]
    public void GetRequest_SameBodyAgain_IsPrebuiltOnceAndThenSentAsIs()
    {
        var cache = Cache();
        var scratch = new ArrayBufferWriter<byte>();
        var key = new SignedRequestKey("sqs", "application/x-amz-json-1.0", "AmazonSQS.SendMessage", "{}"u8.ToArray());

        var requests = Enumerable.Range(0, 4).Select(_ => cache.GetRequest(key, scratch)).ToArray();

        // The first is written into the scratch buffer; the second is prebuilt; later ones reuse it unless a new
        // second began in between (then it is prebuilt once more).
        Assert.All(requests.Skip(1), request => Assert.False(request.Span.Overlaps(scratch.WrittenSpan)));
        Assert.True(requests[2].Equals(requests[3]) || requests[1].Equals(requests[2]));
    }

    [Fact]
    public void GetRequest_NewBodyEveryTime_StaysBounded()
    {
        var cache = Cache();
        var scratch = new ArrayBufferWriter<byte>();

        for (var i = 0; i < SignedRequestCache.MaxEntries * 3; i++)
        {
            cache.GetRequest(new SignedRequestKey("sqs", "application/x-amz-json-1.0", "AmazonSQS.DeleteMessageBatch", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")), scratch);
        }

        Assert.InRange(cache.Count, 1, SignedRequestCache.MaxEntries);
    }
}

using System.Text;
using PostOffice.Load.Aws.Http;

namespace PostOffice.Load.Tests.Aws.Http;

public sealed class HttpResponseParserTests
{
    private static HttpResponseHead Parse(string text)
    {
        Assert.True(HttpResponseParser.TryParseHead(Encoding.ASCII.GetBytes(text), out var head));
        return head;
    }

    [Fact]
    public void TryParseHead_Http11WithContentLength_IsPersistent()
    {
        const string head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\ncontent-length: 42\r\n\r\n";

        Assert.Equal(new HttpResponseHead(1, 200, head.Length, HttpBodyFraming.ContentLength, 42, KeepAlive: true), Parse(head + "{\"MessageId\""));
    }

    [Fact]
    public void TryParseHead_ConnectionClose_IsNotPersistent()
    {
        // What moto's Werkzeug server answers.
        var head = Parse("HTTP/1.1 400 BAD REQUEST\r\nServer: Werkzeug/3.1.8 Python/3.11.7\r\nContent-Length: 149\r\nConnection: close\r\n\r\n");

        Assert.Equal((400, HttpBodyFraming.ContentLength, 149L, false), (head.Status, head.Framing, head.ContentLength, head.KeepAlive));
    }

    [Theory]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: Keep-Alive\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: upgrade, CLOSE\r\n\r\n", false)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n", true)]
    public void TryParseHead_ConnectionTokensAndVersion_DecidePersistence(string text, bool keepAlive)
    {
        Assert.Equal(keepAlive, Parse(text).KeepAlive);
    }

    [Fact]
    public void TryParseHead_ChunkedTransferEncoding_IsChunkedAndPersistent()
    {
        var head = Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n");

        Assert.Equal((HttpBodyFraming.Chunked, true), (head.Framing, head.KeepAlive));
    }

    [Fact]
    public void TryParseHead_TransferEncodingWithContentLength_ChunkedWinsAndConnectionCloses()
    {
        var head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n");

        Assert.Equal((HttpBodyFraming.Chunked, false), (head.Framing, head.KeepAlive));
    }

    [Fact]
    public void TryParseHead_NoLength_ReadsUntilClose()
    {
        var head = Parse("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n");

        Assert.Equal((HttpBodyFraming.UntilClose, false), (head.Framing, head.KeepAlive));
    }

    [Theory]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", 204)]
    [InlineData("HTTP/1.1 304 Not Modified\r\n\r\n", 304)]
    [InlineData("HTTP/1.1 100 Continue\r\n\r\n", 100)]
    public void TryParseHead_StatusWithoutBody_HasNone(string text, int status)
    {
        var head = Parse(text);

        Assert.Equal((status, HttpBodyFraming.None, true), (head.Status, head.Framing, head.KeepAlive));
    }

    [Fact]
    public void TryParseHead_BareLineFeeds_AreAccepted()
    {
        const string text = "HTTP/1.1 200\nContent-Length: 0\n\n";

        Assert.Equal(new HttpResponseHead(1, 200, text.Length, HttpBodyFraming.ContentLength, 0, true), Parse(text));
    }

    [Fact]
    public void TryParseHead_IncompleteHead_ReturnsFalseAtEveryLength()
    {
        var text = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n");

        for (var length = 0; length < text.Length; length++)
        {
            Assert.False(HttpResponseParser.TryParseHead(text.AsSpan(0, length), out _), $"{length} bytes");
        }
    }

    [Theory]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nno colon\r\n\r\n")]
    public void TryParseHead_MalformedHead_ThrowsInvalidResponse(string text)
    {
        var exception = Assert.Throws<HttpRequestException>(() => HttpResponseParser.TryParseHead(Encoding.ASCII.GetBytes(text), out _));

        Assert.Equal(HttpRequestError.InvalidResponse, exception.HttpRequestError);
    }
}

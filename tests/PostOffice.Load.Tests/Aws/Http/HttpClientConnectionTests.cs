using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PostOffice.Load.Aws;
using PostOffice.Load.Aws.Http;

namespace PostOffice.Load.Tests.Aws.Http;

public sealed class HttpClientConnectionTests
{
    private static readonly byte[] Request = Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");

    private static async Task<AwsResponse> ExchangeAsync(HttpConnectionPool pool, CancellationToken cancellationToken = default)
    {
        var connection = await pool.RentAsync(cancellationToken);
        try
        {
            return await connection.ExchangeAsync(Request, cancellationToken);
        }
        finally
        {
            pool.Return(connection);
        }
    }

    private static HttpConnectionPool Pool(Uri endpoint, double timeoutSeconds = 10) =>
        new(new HttpEndpoint(endpoint), maxConnections: 1, TimeSpan.FromSeconds(timeoutSeconds));

    [Fact]
    public async Task Exchange_KeepAliveResponses_ReuseOneConnection()
    {
        await using var server = new ScriptedHttpServer(index => ScriptedHttpServer.Answer($"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok{index}"));
        using var pool = Pool(server.Endpoint);

        var first = await ExchangeAsync(pool, TestContext.Current.CancellationToken);
        var second = await ExchangeAsync(pool, TestContext.Current.CancellationToken);

        Assert.Equal((200, "ok0", "ok1"), (first.Status, Encoding.ASCII.GetString(first.Body), Encoding.ASCII.GetString(second.Body)));
        Assert.Equal(1, server.Accepted);
        Assert.All(server.Requests, request => Assert.EndsWith("\r\n\r\n{}", request, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}")]
    [InlineData("HTTP/1.0 200 OK\r\n\r\n{}")]
    public async Task Exchange_ResponseEndingTheConnection_ReconnectsForTheNextRequest(string response)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Answer(response, close: true));
        using var pool = Pool(server.Endpoint);

        var first = await ExchangeAsync(pool, TestContext.Current.CancellationToken);
        var second = await ExchangeAsync(pool, TestContext.Current.CancellationToken);

        Assert.Equal(("{}", "{}"), (Encoding.ASCII.GetString(first.Body), Encoding.ASCII.GetString(second.Body)));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Exchange_Http10KeepAlive_ReusesTheConnection()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Answer("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}"));
        using var pool = Pool(server.Endpoint);

        await ExchangeAsync(pool, TestContext.Current.CancellationToken);
        await ExchangeAsync(pool, TestContext.Current.CancellationToken);

        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Exchange_ChunkedResponseAfterInterimResponse_ReturnsTheDecodedBody()
    {
        var body = new string('x', 40_000);
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Answer(
            $"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n"));
        using var pool = Pool(server.Endpoint);

        var first = await ExchangeAsync(pool, TestContext.Current.CancellationToken);
        var second = await ExchangeAsync(pool, TestContext.Current.CancellationToken);

        Assert.Equal("abc" + body, Encoding.ASCII.GetString(first.Body));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task Exchange_LargeContentLengthBody_IsReadWhole()
    {
        var body = new string('y', 300_000);
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Answer($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        using var pool = Pool(server.Endpoint);

        var response = await ExchangeAsync(pool, TestContext.Current.CancellationToken);

        Assert.Equal(body, Encoding.ASCII.GetString(response.Body));
    }

    [Fact]
    public async Task Exchange_IdleConnectionClosedByTheServer_IsRetriedOnANewOne()
    {
        // The first answer says nothing about closing, then the server drops the connection: the next request goes
        // out on the dead connection, gets no response byte, and is sent again on a new one.
        await using var server = new ScriptedHttpServer(index => ScriptedHttpServer.Answer($"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{index}", close: index == 0));
        using var pool = Pool(server.Endpoint);

        await ExchangeAsync(pool, TestContext.Current.CancellationToken);
        var second = await ExchangeAsync(pool, TestContext.Current.CancellationToken);

        Assert.Equal("1", Encoding.ASCII.GetString(second.Body));
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Exchange_ResponseCutShort_ThrowsHttpRequestException()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Answer("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", close: true));
        using var pool = Pool(server.Endpoint);

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => ExchangeAsync(pool, TestContext.Current.CancellationToken));

        Assert.Equal(HttpRequestError.ResponseEnded, exception.HttpRequestError);
    }

    [Fact]
    public async Task Exchange_NoAnswerWithinTheTimeout_ThrowsTaskCanceledWithTimeoutAndReconnectsAfterwards()
    {
        await using var server = new ScriptedHttpServer(index => index == 0 ? ScriptedHttpServer.Silence() : ScriptedHttpServer.Answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        using var pool = Pool(server.Endpoint, timeoutSeconds: 0.3);
        var start = Stopwatch.GetTimestamp();

        var exception = await Assert.ThrowsAsync<TaskCanceledException>(() => ExchangeAsync(pool, TestContext.Current.CancellationToken));

        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.InRange(Stopwatch.GetElapsedTime(start).TotalSeconds, 0.29, 5);
        Assert.Equal(200, (await ExchangeAsync(pool, TestContext.Current.CancellationToken)).Status);
        Assert.Equal(2, server.Accepted);
    }

    [Fact]
    public async Task Exchange_CallerCancels_ThrowsOperationCanceledWithTheCallersToken()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedHttpServer.Silence());
        using var pool = Pool(server.Endpoint);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancellation.CancelAfter(TimeSpan.FromMilliseconds(100));

        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ExchangeAsync(pool, cancellation.Token));

        Assert.Equal(cancellation.Token, exception.CancellationToken);
    }

    [Fact]
    public async Task Exchange_NothingListening_ThrowsHttpRequestExceptionAroundConnectionRefused()
    {
        // A port that was just free: bound, not listening, then released.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        using var pool = Pool(new Uri($"http://127.0.0.1:{port}/"));

        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => ExchangeAsync(pool, TestContext.Current.CancellationToken));

        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(exception.InnerException).SocketErrorCode);
    }
}

using System.Buffers;
using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PostOffice.Load.Aws.Http;

/// <summary>
/// One HTTP/1.1 client connection over a raw socket, for one request at a time: the request (head and body, already
/// serialized) goes out in one send, the response is read into a reused buffer and parsed in place. The socket is
/// kept for the next request when the response allows it (RFC 9112 §9.3) and opened again otherwise, so a server
/// that closes after every response (moto's Werkzeug server answers "Connection: close") costs a connect per request
/// and nothing else. An https endpoint gets TLS over the same socket.
/// </summary>
/// <remarks>
/// A request is bounded by a deadline that <see cref="HttpConnectionPool"/>'s watchdog checks; the watchdog or the
/// caller's cancellation aborts a request by claiming its deadline and disposing the socket, which fails the pending
/// send or receive. The connection is then discarded and the next request opens a new one.
/// </remarks>
internal sealed class HttpClientConnection : IDisposable
{
    public const int MaxResponseBytes = 64 * 1024 * 1024;

    private const int InitialReceiveBytes = 16 * 1024;
    private const int MaxHeadBytes = 64 * 1024;

    // _deadline: the Stopwatch timestamp a running request must end by; Idle between requests; negative once the
    // request was claimed by an abort, the value saying which.
    private const long Idle = 0;
    private const long ClaimedByTimeout = -1;
    private const long ClaimedByCancellation = -2;

    private readonly HttpEndpoint _endpoint;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private byte[] _receive = new byte[InitialReceiveBytes];
    private ArrayBufferWriter<byte>? _accumulatedBody;
    private Socket? _socket;
    private SslStream? _tls;
    private int _exchangesOnSocket;
    private int _responseBytes;
    private long _deadline;

    public HttpClientConnection(HttpEndpoint endpoint, TimeSpan timeout)
    {
        _endpoint = endpoint;
        _timeout = timeout;
        _timeoutTicks = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue / 2 : (long)(timeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Scratch space for a request that has to be written for this exchange (one not prebuilt).</summary>
    public ArrayBufferWriter<byte> RequestBuffer { get; } = new(4096);

    /// <summary>
    /// Sends <paramref name="request"/> (a complete HTTP/1.1 request) and reads the response: its status and a copy of
    /// its body. A request that fails on a reused connection before any byte of the response arrived is sent once
    /// more on a new connection: the server may have closed the idle connection as the request went out.
    /// </summary>
    public async ValueTask<AwsResponse> ExchangeAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Exchange(ref _deadline, Stopwatch.GetTimestamp() + _timeoutTicks);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((HttpClientConnection)state!).Abort(ClaimedByCancellation), this)
            : default;
        try
        {
            var attempt = 0;
            while (true)
            {
                var socket = Volatile.Read(ref _socket);
                var reused = socket is not null && _exchangesOnSocket > 0;
                _responseBytes = 0;
                try
                {
                    socket ??= await ConnectAsync();
                    await SendAsync(socket, request);
                    var (response, reusable) = await ReadResponseAsync(socket);
                    _exchangesOnSocket++;
                    if (!reusable)
                    {
                        CloseSocket();
                    }

                    return response;
                }
                catch (Exception exception) when (reused && attempt == 0 && _responseBytes == 0 && Volatile.Read(ref _deadline) > 0 && IsTransportFailure(exception))
                {
                    attempt = 1;
                    CloseSocket();
                }
            }
        }
        catch (Exception exception) when (IsTransportFailure(exception))
        {
            CloseSocket();
            throw Volatile.Read(ref _deadline) switch
            {
                ClaimedByTimeout => HttpErrors.TimedOut(_timeout),
                ClaimedByCancellation => new TaskCanceledException("The operation was canceled.", exception, cancellationToken),
                _ when cancellationToken.IsCancellationRequested => new TaskCanceledException("The operation was canceled.", exception, cancellationToken),
                _ => exception as HttpRequestException ?? HttpErrors.TransportFailed(_endpoint.Authority, exception),
            };
        }
        finally
        {
            if (Interlocked.Exchange(ref _deadline, Idle) < 0)
            {
                // Claimed after the response was complete: the socket is being disposed, so do not keep it.
                CloseSocket();
            }
        }
    }

    /// <summary>Aborts the running request if its deadline has passed (called by the pool's watchdog).</summary>
    public void AbortIfExpired(long now)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline > 0 && now >= deadline && Interlocked.CompareExchange(ref _deadline, ClaimedByTimeout, deadline) == deadline)
        {
            Volatile.Read(ref _socket)?.Dispose();
        }
    }

    public void Dispose() => CloseSocket();

    private static bool IsTransportFailure(Exception exception) =>
        exception is SocketException or ObjectDisposedException or IOException or HttpRequestException;

    private async ValueTask SendAsync(Socket socket, ReadOnlyMemory<byte> request)
    {
        if (_tls is { } tls)
        {
            await tls.WriteAsync(request);
            return;
        }

        while (!request.IsEmpty)
        {
            var sent = await socket.SendAsync(request, SocketFlags.None);
            request = request[sent..];
        }
    }

    private void Abort(long reason)
    {
        var deadline = Volatile.Read(ref _deadline);
        if (deadline > 0 && Interlocked.CompareExchange(ref _deadline, reason, deadline) == deadline)
        {
            Volatile.Read(ref _socket)?.Dispose();
        }
    }

    private async ValueTask<Socket> ConnectAsync()
    {
        var socket = _endpoint.Address is { } address
            ? new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        _exchangesOnSocket = 0;
        _tls?.Dispose();
        _tls = null;

        // Published before the deadline is read again, so an abort either sees this socket or is seen here.
        Interlocked.Exchange(ref _socket, socket)?.Dispose();
        if (Volatile.Read(ref _deadline) < 0)
        {
            throw new SocketException((int)SocketError.OperationAborted);
        }

        try
        {
            await socket.ConnectAsync(_endpoint.EndPoint);
        }
        catch (SocketException exception)
        {
            throw HttpErrors.ConnectionFailed(_endpoint.Authority, exception);
        }

        if (_endpoint.UseTls)
        {
            _tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            try
            {
                await _tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _endpoint.Host });
            }
            catch (AuthenticationException exception)
            {
                throw new HttpRequestException(HttpRequestError.SecureConnectionError, $"The TLS connection to {_endpoint.Authority} could not be established: {exception.Message}", exception);
            }
        }

        return socket;
    }

    private void CloseSocket()
    {
        Interlocked.Exchange(ref _socket, null)?.Dispose();
        _tls?.Dispose();
        _tls = null;
    }

    private async ValueTask<(AwsResponse Response, bool Reusable)> ReadResponseAsync(Socket socket)
    {
        var filled = 0;
        HttpResponseHead head;
        while (true)
        {
            while (!HttpResponseParser.TryParseHead(_receive.AsSpan(0, filled), out head))
            {
                if (filled == _receive.Length)
                {
                    if (filled >= MaxHeadBytes)
                    {
                        HttpErrors.ThrowInvalidResponse($"no end of the response head within {MaxHeadBytes} bytes");
                    }

                    Array.Resize(ref _receive, _receive.Length * 2);
                }

                filled += await ReceiveAsync(socket, _receive.AsMemory(filled));
            }

            if (head.Status >= 200)
            {
                break;
            }

            // An interim response (100 Continue, 103 Early Hints): the final one follows.
            _receive.AsSpan(head.Length, filled - head.Length).CopyTo(_receive);
            filled -= head.Length;
        }

        var reusable = head.KeepAlive;
        byte[] body;
        switch (head.Framing)
        {
            case HttpBodyFraming.None:
                body = [];
                reusable &= filled == head.Length;
                break;

            case HttpBodyFraming.ContentLength:
                {
                    if (head.ContentLength > MaxResponseBytes)
                    {
                        HttpErrors.ThrowInvalidResponse($"a body of {head.ContentLength} bytes, more than the {MaxResponseBytes} accepted");
                    }

                    var length = (int)head.ContentLength;
                    body = length == 0 ? [] : new byte[length];
                    var buffered = filled - head.Length;
                    var copied = Math.Min(buffered, length);
                    _receive.AsSpan(head.Length, copied).CopyTo(body);
                    reusable &= buffered == copied;
                    while (copied < length)
                    {
                        copied += await ReceiveAsync(socket, body.AsMemory(copied));
                    }

                    break;
                }

            case HttpBodyFraming.Chunked:
                {
                    var output = AccumulatedBody();
                    var decoder = new ChunkedBodyDecoder(MaxResponseBytes);
                    var start = head.Length;
                    while (true)
                    {
                        var status = decoder.Decode(_receive.AsSpan(start, filled - start), output, out var consumed);
                        start += consumed;
                        if (status == OperationStatus.Done)
                        {
                            break;
                        }

                        if (status == OperationStatus.InvalidData)
                        {
                            HttpErrors.ThrowInvalidResponse("a malformed chunked body");
                        }

                        // What is left is the start of a line: keep it at the front and read more behind it.
                        _receive.AsSpan(start, filled - start).CopyTo(_receive);
                        filled -= start;
                        start = 0;
                        if (filled == _receive.Length)
                        {
                            Array.Resize(ref _receive, _receive.Length * 2);
                        }

                        filled += await ReceiveAsync(socket, _receive.AsMemory(filled));
                    }

                    reusable &= start == filled;
                    body = output.WrittenSpan.ToArray();
                    break;
                }

            default:
                {
                    var output = AccumulatedBody();
                    output.Write(_receive.AsSpan(head.Length, filled - head.Length));
                    while (true)
                    {
                        var read = await ReceiveOrEndAsync(socket, _receive);
                        if (read == 0)
                        {
                            break;
                        }

                        if (output.WrittenCount + read > MaxResponseBytes)
                        {
                            HttpErrors.ThrowInvalidResponse($"a body longer than the {MaxResponseBytes} bytes accepted");
                        }

                        output.Write(_receive.AsSpan(0, read));
                    }

                    reusable = false;
                    body = output.WrittenSpan.ToArray();
                    break;
                }
        }

        return (new AwsResponse(head.Status, body), reusable);
    }

    private ValueTask<int> ReceiveOrEndAsync(Socket socket, Memory<byte> buffer) =>
        _tls is { } tls ? tls.ReadAsync(buffer) : socket.ReceiveAsync(buffer, SocketFlags.None);

    private async ValueTask<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
    {
        var read = await ReceiveOrEndAsync(socket, buffer);
        if (read == 0)
        {
            throw HttpErrors.ResponseEnded(_endpoint.Authority);
        }

        _responseBytes += read;
        return read;
    }

    private ArrayBufferWriter<byte> AccumulatedBody()
    {
        _accumulatedBody ??= new ArrayBufferWriter<byte>(InitialReceiveBytes);
        _accumulatedBody.ResetWrittenCount();
        return _accumulatedBody;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostOffice.Load.Tests.Aws.Http;

/// <summary>
/// A loopback HTTP/1.1 server that answers the Nth request (counted over all connections, from 0) with the bytes a
/// script gives, then keeps the connection, closes it, or never answers at all.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, Reply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _requests;
    private int _accepted;

    public ScriptedHttpServer(Func<int, Reply> script)
    {
        _script = script;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public int Accepted => Volatile.Read(ref _accepted);

    public ConcurrentQueue<string> Requests { get; } = new();

    public static Reply Answer(string response, bool close = false) => new(Encoding.ASCII.GetBytes(response), close, Silent: false);

    public static Reply Silence() => new([], Close: false, Silent: true);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _connections]);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                _connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var owned = socket;
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                // One request: a head, then Content-Length bytes.
                int headEnd;
                while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    var read = await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                var head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                var lengthLine = head.Split("\r\n").First(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var total = headEnd + 4 + int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                while (filled < total)
                {
                    filled += await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                }

                Requests.Enqueue(Encoding.UTF8.GetString(buffer, 0, total));
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
                var reply = _script(Interlocked.Increment(ref _requests) - 1);
                if (reply.Silent)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await socket.SendAsync(reply.Bytes, _stop.Token);
                if (reply.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    internal sealed record Reply(byte[] Bytes, bool Close, bool Silent);
}

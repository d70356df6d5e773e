using System.Net;
using PostOffice.Testing;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// A small HTTP server on 127.0.0.1 and a free port, handing each request to a delegate: a stand-in endpoint that
/// records what a client sends, or a proxy in front of the real server.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _handler;
    private readonly Task _acceptLoop;

    private LoopbackHttpServer(Func<HttpListenerContext, Task> handler)
    {
        _handler = handler;
        var port = ServerProcess.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.AbsoluteUri);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public Uri Endpoint { get; }

    public static LoopbackHttpServer Start(Func<HttpListenerContext, Task> handler) => new(handler);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _acceptLoop;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            await _handler(context);
        }
        catch (Exception exception) when (exception is HttpListenerException or IOException or HttpRequestException)
        {
            // The client went away, or the upstream did; the client's script reports what it saw.
        }
        finally
        {
            context.Response.Close();
        }
    }
}

using System.Diagnostics;

namespace PostOffice.Load.Aws.Http;

/// <summary>
/// Up to N connections to one endpoint, each lent to one request at a time (most recently returned first, so a
/// closed loop of N clients keeps the same N sockets busy). A caller finding all N lent out waits for one, within the
/// request timeout. A watchdog timer aborts requests that run past the timeout.
/// </summary>
internal sealed class HttpConnectionPool : IDisposable
{
    private readonly HttpEndpoint _endpoint;
    private readonly TimeSpan _requestTimeout;
    private readonly HttpClientConnection[] _connections;
    private readonly Stack<HttpClientConnection> _idle;
    private readonly SemaphoreSlim _available;
    private readonly Lock _gate = new();
    private readonly Timer _watchdog;
    private int _created;
    private bool _disposed;

    public HttpConnectionPool(HttpEndpoint endpoint, int maxConnections, TimeSpan requestTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _endpoint = endpoint;
        _requestTimeout = requestTimeout;
        _connections = new HttpClientConnection[maxConnections];
        _idle = new Stack<HttpClientConnection>(maxConnections);
        _available = new SemaphoreSlim(maxConnections, maxConnections);

        // The timeout is checked to within a twentieth of itself (10-100 ms): late by that much at worst, and the
        // check costs nothing per request.
        var period = requestTimeout == Timeout.InfiniteTimeSpan
            ? TimeSpan.FromSeconds(1)
            : TimeSpan.FromTicks(Math.Clamp(requestTimeout.Ticks / 20, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerMillisecond * 100));
        _watchdog = new Timer(static state => ((HttpConnectionPool)state!).AbortExpired(), this, period, period);
    }

    public ValueTask<HttpClientConnection> RentAsync(CancellationToken cancellationToken)
    {
        return _available.Wait(0) ? new ValueTask<HttpClientConnection>(Take()) : RentSlowAsync(cancellationToken);
    }

    public void Return(HttpClientConnection connection)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                connection.Dispose();
            }
            else
            {
                _idle.Push(connection);
            }
        }

        _available.Release();
    }

    public void Dispose()
    {
        _watchdog.Dispose();
        lock (_gate)
        {
            _disposed = true;
            for (var i = 0; i < _created; i++)
            {
                _connections[i].Dispose();
            }
        }
    }

    private async ValueTask<HttpClientConnection> RentSlowAsync(CancellationToken cancellationToken)
    {
        if (!await _available.WaitAsync(_requestTimeout, cancellationToken))
        {
            throw HttpErrors.TimedOut(_requestTimeout);
        }

        return Take();
    }

    private HttpClientConnection Take()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var connection))
            {
                return connection;
            }

            // The semaphore admits at most as many renters as there are slots, so a slot is free here.
            connection = new HttpClientConnection(_endpoint, _requestTimeout);
            _connections[_created++] = connection;
            return connection;
        }
    }

    private void AbortExpired()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            for (var i = 0; i < _created; i++)
            {
                _connections[i].AbortIfExpired(now);
            }
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PostOffice.Gateway.Connections;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Persistence;
using PostOffice.Gateway.Routing;
using PostOffice.Gateway.Security;
using PostOffice.Gateway.Sessions;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;

namespace PostOffice.Gateway;

/// <summary>
/// The gateway's router and session registry: every accepted connection runs here, every PUBLISH is matched against
/// the subscription tree and handed to the sessions it reaches, and retained messages, wills, keep-alive and session
/// expiry are kept. Engines and wire types of other protocols never appear here (ARCH §3).
/// </summary>
public sealed partial class MqttBroker : IMqttConnectionHandler, IAsyncDisposable
{
    [ThreadStatic]
    private static List<Delivery>? _threadDeliveries;

    [ThreadStatic]
    private static List<StoredTarget>? _threadTargets;

    [ThreadStatic]
    private static List<OutboundMessage>? _threadSent;

    private readonly ConcurrentDictionary<string, MqttSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<MqttConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<MqttSession, byte> _offline = new();
    private readonly List<(long Due, MqttSession Session, MqttMessage Will)> _delayedWills = [];
    private readonly Lock _willGate = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly long _startedAt;
    private IMqttSessionStore? _store;
    private long _nextSessionId;
    private int _disposed;
    private Task _timers = Task.CompletedTask;

    public MqttBroker(MqttGatewayOptions options, IMqttAuthenticator authenticator, IMqttAuthorizer authorizer, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options;
        Authenticator = authenticator;
        Authorizer = authorizer;
        _time = time;
        Logger = loggerFactory.CreateLogger("PostOffice.Gateway");
        _startedAt = Now;
    }

    public MqttGatewayOptions Options { get; }

    public MqttStatistics Statistics { get; } = new();

    internal IMqttAuthenticator Authenticator { get; }

    internal IMqttAuthorizer Authorizer { get; }

    internal ILogger Logger { get; }

    internal SubscriptionTree<MqttSession> Subscriptions { get; } = new();

    internal RetainedIndex<MqttMessage> Retained { get; } = new();

    /// <summary>Unix milliseconds.</summary>
    internal long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public int SessionCount => _sessions.Count;

    public int ConnectionCount => _connections.Count;

    /// <summary>Starts keep-alive, expiry and $SYS timers. Call once the store (if any) has been recovered.</summary>
    public void Start()
    {
        _timers = RunTimersAsync(_stopping.Token);
    }

    public Task RunAsync(MqttTransportConnection connection) => new MqttConnection(this, connection).RunAsync();

    /// <summary>Serves <paramref name="connection"/> with no suspended method while it is idle, where it supports that.</summary>
    public void Accept(MqttTransportConnection connection, Action<MqttTransportConnection> completed)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(completed);
        if (connection.SupportsReadinessCallbacks)
        {
            new MqttConnection(this, connection).Start(completed);
        }
        else
        {
            _ = IMqttConnectionHandler.RunThenCompleteAsync(this, connection, completed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _timers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var connection in _connections.Keys)
        {
            connection.Disconnect(MqttReasonCode.ServerShuttingDown);
        }

        _stopping.Dispose();
    }

    internal void UseStore(IMqttSessionStore store) => _store = store;

    internal void Track(MqttConnection connection) => _connections.TryAdd(connection, 0);

    internal void Untrack(MqttConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>Finds, replaces or creates the session of a connecting client; takes the identifier over if in use.</summary>
    internal (MqttSession Session, bool Present) OpenSession(MqttConnection connection, string clientId, bool cleanStart, uint expiry)
    {
        while (true)
        {
            if (_sessions.TryGetValue(clientId, out var existing))
            {
                MqttConnection? previous;
                lock (existing.Gate)
                {
                    if (existing.Ended)
                    {
                        continue;
                    }

                    previous = existing.Connection;
                    if (previous is not null)
                    {
                        existing.Detach(previous, Now);
                    }
                }

                if (previous is not null)
                {
                    Statistics.ClientDisconnected();
                    previous.TakenOver();
                }

                CancelDelayedWill(existing);
                _offline.TryRemove(existing, out _);
                if (!cleanStart)
                {
                    lock (existing.Gate)
                    {
                        existing.ExpiryInterval = expiry;
                        Persist(existing);
                    }

                    return (existing, true);
                }

                EndSession(existing);
            }

            var session = new MqttSession(clientId, Interlocked.Increment(ref _nextSessionId)) { ExpiryInterval = expiry };
            if (_sessions.TryAdd(clientId, session))
            {
                if (session.IsPersistent)
                {
                    lock (session.Gate)
                    {
                        Persist(session);
                    }
                }

                return (session, false);
            }
        }
    }

    internal void Attach(MqttSession session, MqttConnection connection)
    {
        Statistics.ClientConnected();
        lock (session.Gate)
        {
            var sent = _threadSent ??= [];
            session.Attach(connection, Now, sent);
            RecordDeliveryLocked(session, null, 0, false, sent);
        }
    }

    internal void SetSessionExpiry(MqttSession session, uint expiry)
    {
        lock (session.Gate)
        {
            var wasPersistent = session.IsPersistent;
            session.ExpiryInterval = expiry;
            if (wasPersistent || session.IsPersistent)
            {
                Persist(session);
            }
        }
    }
}

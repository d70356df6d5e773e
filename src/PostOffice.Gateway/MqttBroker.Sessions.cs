using Microsoft.Extensions.Logging;
using PostOffice.Gateway.Connections;
using PostOffice.Gateway.Messages;
using PostOffice.Gateway.Sessions;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway;

public sealed partial class MqttBroker
{
    /// <summary>The connection is gone: the session ends or waits offline, and the will is published or scheduled.</summary>
    internal void OnConnectionClosed(MqttConnection connection, MqttWill? will)
    {
        var session = connection.Session!;
        List<OutboundMessage>? shared;
        bool ends;
        lock (session.Gate)
        {
            if (!session.Detach(connection, Now))
            {
                // Taken over: the new connection owns the session. The old connection's will is still published
                // [MQTT-3.1.4-3], unless it has a delay, which the session resuming at once cancels.
                shared = null;
                ends = false;
            }
            else
            {
                ends = !session.IsPersistent;
                shared = session.TakeSharedMessages();
            }
        }

        if (shared is null)
        {
            if (will is not null && (connection.Version != MqttProtocolVersion.V500 || (will.Properties.WillDelayInterval ?? 0) == 0))
            {
                _ = PublishWillAsync(MqttMessage.FromWill(will, session.ClientId, Now));
            }

            return;
        }

        Statistics.ClientDisconnected();
        if (ends)
        {
            EndSession(session);
        }
        else
        {
            _offline.TryAdd(session, 0);
        }

        // Messages a shared subscription gave this member and that it has not acknowledged go to another member at
        // once (MQTT 5.0 §4.8.2 allows it as soon as the connection is lost).
        foreach (var message in shared)
        {
            Redeliver(message);
        }

        if (will is null)
        {
            return;
        }

        var message2 = MqttMessage.FromWill(will, session.ClientId, Now);
        var delay = connection.Version == MqttProtocolVersion.V500 ? will.Properties.WillDelayInterval ?? 0 : 0;
        if (delay == 0 || ends)
        {
            // [MQTT-3.1.3-9]: the will is published at the latest when the session ends.
            _ = PublishWillAsync(message2);
            return;
        }

        lock (_willGate)
        {
            var due = Now + (Math.Min(delay, session.ExpiryInterval) * 1000L);
            _delayedWills.Add((due, session, message2));
        }
    }

    /// <summary>Ends a session: its subscriptions leave the tree and its messages are dropped.</summary>
    internal void EndSession(MqttSession session)
    {
        SessionSubscription[] subscriptions;
        bool persistent;
        lock (session.Gate)
        {
            if (session.Ended)
            {
                return;
            }

            session.Ended = true;
            persistent = session.IsPersistent || session.Subscriptions.Length > 0 || session.QueuedCount > 0;
            subscriptions = session.Subscriptions;
            session.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            Subscriptions.Unsubscribe(subscription.TopicFilter, session);
        }

        _sessions.TryRemove(new KeyValuePair<string, MqttSession>(session.ClientId, session));
        _offline.TryRemove(session, out _);
        if (persistent && _store is { } store)
        {
            Forget(store.RemoveSession(session));
        }

        // A delayed will is sent when its session ends first [MQTT-3.1.3-9].
        MqttMessage? will = null;
        lock (_willGate)
        {
            var index = _delayedWills.FindIndex(w => ReferenceEquals(w.Session, session));
            if (index >= 0)
            {
                will = _delayedWills[index].Will;
                _delayedWills.RemoveAt(index);
            }
        }

        if (will is not null)
        {
            _ = PublishWillAsync(will);
        }
    }

    /// <summary>Adds a session recovered from the store: offline, its subscriptions back in the tree.</summary>
    internal void RestoreSession(MqttSession session)
    {
        _sessions[session.ClientId] = session;
        _offline.TryAdd(session, 0);
        foreach (var subscription in session.Subscriptions)
        {
            Subscriptions.Subscribe(subscription.TopicFilter, session, subscription.Options);
        }
    }

    /// <summary>New sessions get ids above every id the log has used.</summary>
    internal void RestoreSessionIds(long highest)
    {
        long current;
        while ((current = Volatile.Read(ref _nextSessionId)) < highest && Interlocked.CompareExchange(ref _nextSessionId, highest, current) != current)
        {
        }
    }

    internal long HighestSessionId => Volatile.Read(ref _nextSessionId);

    internal IEnumerable<MqttSession> PersistentSessions() => _sessions.Values.Where(s => s.IsPersistent);

    /// <summary>Writes the session's expiry and subscriptions to the store; called with the session's gate held.</summary>
    private void Persist(MqttSession session)
    {
        if (_store is { } store)
        {
            Forget(store.SaveSession(session));
        }
    }

    private ValueTask PersistAsync(MqttSession session) => _store is { } store ? store.SaveSession(session) : ValueTask.CompletedTask;

    private void CancelDelayedWill(MqttSession session)
    {
        lock (_willGate)
        {
            // [MQTT-3.1.3-9]: a client back before the will delay has passed cancels the will.
            _delayedWills.RemoveAll(w => ReferenceEquals(w.Session, session));
        }
    }

    private async Task PublishWillAsync(MqttMessage will)
    {
        try
        {
            await Publish(will, out _).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A will that cannot be stored is logged; the server goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.WillNotPublished(Logger, will.PublisherClientId ?? string.Empty, exception.Message);
        }
    }

    private static void Forget(ValueTask durable)
    {
        if (!durable.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(durable);
        }
    }

    private static async Task ObserveAsync(ValueTask durable)
    {
        try
        {
            await durable.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The store's sticky failure is reported by readiness and by every later acknowledged write.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task RunTimersAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        var lastSys = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                CheckKeepAlive();
                ExpireSessions();
                SendDueWills();
                if (Options.SystemTopicInterval > TimeSpan.Zero && Now - lastSys >= Options.SystemTopicInterval.TotalMilliseconds)
                {
                    lastSys = Now;
                    PublishSystemTopics();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void CheckKeepAlive()
    {
        var now = Environment.TickCount64;
        var connectTimeout = (long)Options.ConnectTimeout.TotalMilliseconds;
        foreach (var connection in _connections.Keys)
        {
            if (!connection.IsConnected)
            {
                if (now - connection.AcceptedAt > connectTimeout)
                {
                    connection.Transport.Abort();
                }

                continue;
            }

            // [MQTT-3.1.2-22]: no packet within one and a half times the Keep Alive closes the connection.
            if (connection.KeepAlive > 0 && now - connection.LastActivity > connection.KeepAlive * 1500L)
            {
                Log.KeepAliveExpired(Logger, connection.ClientId, connection.KeepAlive);
                connection.Disconnect(MqttReasonCode.KeepAliveTimeout);
            }
        }
    }

    private void ExpireSessions()
    {
        var now = Now;
        foreach (var session in _offline.Keys)
        {
            bool expired;
            lock (session.Gate)
            {
                expired = session.Connection is null && session.ExpiryInterval != uint.MaxValue
                    && now - session.DisconnectedAt >= session.ExpiryInterval * 1000L;
            }

            if (expired)
            {
                EndSession(session);
            }
        }
    }

    private void SendDueWills()
    {
        List<MqttMessage>? due = null;
        var now = Now;
        lock (_willGate)
        {
            for (var i = _delayedWills.Count - 1; i >= 0; i--)
            {
                if (_delayedWills[i].Due <= now)
                {
                    (due ??= []).Add(_delayedWills[i].Will);
                    _delayedWills.RemoveAt(i);
                }
            }
        }

        foreach (var will in due ?? [])
        {
            _ = PublishWillAsync(will);
        }
    }

    private static partial class Log
    {
        // Event ids 550-599 belong to this category.
        [LoggerMessage(550, LogLevel.Information, "MQTT client {ClientId} sent nothing for 1.5 x its keep alive of {KeepAlive} s; disconnecting")]
        public static partial void KeepAliveExpired(ILogger logger, string clientId, int keepAlive);

        [LoggerMessage(551, LogLevel.Error, "The will of MQTT client {ClientId} could not be published: {Problem}")]
        public static partial void WillNotPublished(ILogger logger, string clientId, string problem);
    }
}

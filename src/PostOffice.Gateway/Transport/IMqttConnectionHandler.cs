namespace PostOffice.Gateway.Transport;

/// <summary>
/// The protocol side of a connection: a listener hands every accepted connection, whatever carries it, to
/// <see cref="RunAsync"/> or <see cref="Accept"/>, and disposes the connection once it has ended.
/// </summary>
public interface IMqttConnectionHandler
{
    /// <summary>Serves one connection until it closes. Must not throw: a failure closes only this connection.</summary>
    Task RunAsync(MqttTransportConnection connection);

    /// <summary>
    /// Serves one connection until it closes and then calls <paramref name="completed"/> with it, holding no task
    /// for the caller to wait on: where the connection supports readiness callbacks, a handler can then keep nothing
    /// but the connection's own state while it is idle. Returns at once and never throws.
    /// </summary>
    void Accept(MqttTransportConnection connection, Action<MqttTransportConnection> completed) =>
        _ = RunThenCompleteAsync(this, connection, completed);

    /// <summary>Runs <paramref name="handler"/> on <paramref name="connection"/>, then calls <paramref name="completed"/>.</summary>
    internal static async Task RunThenCompleteAsync(IMqttConnectionHandler handler, MqttTransportConnection connection, Action<MqttTransportConnection> completed)
    {
        try
        {
            await handler.RunAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            completed(connection);
        }
    }
}

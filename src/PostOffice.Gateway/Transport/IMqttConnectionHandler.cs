namespace PostOffice.Gateway.Transport;

/// <summary>
/// The protocol side of a connection: a listener hands every accepted connection, whatever carries it, to
/// <see cref="RunAsync"/> and disposes the connection when the returned task completes.
/// </summary>
public interface IMqttConnectionHandler
{
    /// <summary>Serves one connection until it closes. Must not throw: a failure closes only this connection.</summary>
    Task RunAsync(MqttTransportConnection connection);
}

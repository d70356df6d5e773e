using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// Accepts MQTT connections on a TCP endpoint, plain or TLS, and hands each to <see cref="IMqttConnectionHandler"/>.
/// Several accepts are outstanding at once so that a reconnect storm is not limited to one accept per wake-up. Every
/// connection is tracked until its handler returns, so <see cref="StopAsync"/> can abort them all and wait.
/// </summary>
public sealed class SocketMqttListener : IAsyncDisposable
{
    private const int OutstandingAccepts = 4;
    private const int MaximumAcceptBackoffMilliseconds = 1000;

    private readonly IPEndPoint _endPoint;
    private readonly IMqttConnectionHandler _handler;
    private readonly ILogger _logger;
    private readonly TlsOptions? _tls;
    private readonly SslServerAuthenticationOptions? _authenticationOptions;
    private readonly Lock _gate = new();
    private readonly HashSet<MqttTransportConnection> _connections = new(ReferenceEqualityComparer.Instance);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<MqttTransportConnection> _connectionEnded;
    private Socket? _listenSocket;
    private Task[] _acceptLoops = [];
    private int _pending;
    private bool _stopped;

    public SocketMqttListener(IPEndPoint endPoint, IMqttConnectionHandler handler, ILogger logger, TlsOptions? tls = null)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        tls?.Validate();
        _endPoint = endPoint;
        _handler = handler;
        _logger = logger;
        _tls = tls;
        _connectionEnded = OnConnectionEnded;
        if (tls is not null)
        {
            _authenticationOptions = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(tls.ServerCertificate, additionalCertificates: null),
                ClientCertificateRequired = tls.ClientCertificateMode != MqttClientCertificateMode.None,
                EnabledSslProtocols = tls.EnabledProtocols,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = tls.ClientCertificateMode switch
                {
                    MqttClientCertificateMode.None => null,
                    _ => (sender, certificate, chain, errors) => ValidateClientCertificate(tls, sender, certificate, chain, errors),
                },
            };
        }
    }

    /// <summary>"tcp" or "tls".</summary>
    public string Kind => _tls is null ? "tcp" : "tls";

    /// <summary>The bound endpoint once started (the actual port when the configured one was 0).</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Connections accepted whose handler has not returned yet (TLS handshakes included).</summary>
    public int ConnectionCount => Volatile.Read(ref _pending);

    public void Start()
    {
        if (_listenSocket is not null)
        {
            throw new InvalidOperationException("The listener has already been started");
        }

        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_endPoint.AddressFamily == AddressFamily.InterNetworkV6 && _endPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(_endPoint);

            // The kernel caps the backlog at net.core.somaxconn.
            socket.Listen(int.MaxValue);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _listenSocket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        TransportLog.Listening(_logger, Kind, LocalEndPoint);
        _acceptLoops = new Task[OutstandingAccepts];
        for (var index = 0; index < _acceptLoops.Length; index++)
        {
            _acceptLoops[index] = AcceptLoopAsync(socket);
        }
    }

    private async Task AcceptLoopAsync(Socket listenSocket)
    {
        var backoff = 10;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listenSocket.AcceptAsync(_stopping.Token);
                backoff = 10;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.OperationAborted && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // EMFILE/ENFILE (TooManyOpenSockets), ENOBUFS and the like: the backlog keeps the clients waiting
                // while we back off, and the loop must outlive the shortage.
                TransportLog.AcceptFailed(_logger, LocalEndPoint!, exception.SocketErrorCode, backoff, exception);
                try
                {
                    await Task.Delay(backoff, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = Math.Min(backoff * 2, MaximumAcceptBackoffMilliseconds);
                continue;
            }

            socket.NoDelay = true;
            if (_tls is not null)
            {
                _ = RunTlsAsync(socket);
                continue;
            }

            var connection = new SocketTransportConnection(socket);
            if (TryTrack(connection))
            {
                // No task per connection here: the handler calls back once the connection has ended.
                _handler.Accept(connection, _connectionEnded);
            }
            else
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task RunTlsAsync(Socket socket)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        SslStreamTransportConnection connection;
        var remoteEndPoint = socket.RemoteEndPoint;
        if (!TryTrack(null))
        {
            await stream.DisposeAsync();
            return;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_tls!.HandshakeTimeout);
            await stream.AuthenticateAsServerAsync(_authenticationOptions!, timeout.Token);
            connection = new SslStreamTransportConnection(stream, socket);
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException
                                              or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
            TransportLog.HandshakeFailed(_logger, remoteEndPoint, exception);
            await stream.DisposeAsync();
            Untrack(null);
            return;
        }

        var tracked = TryTrack(connection);
        Untrack(null);
        if (!tracked)
        {
            await connection.DisposeAsync();
            return;
        }

        await RunHandlerAsync(connection);
    }

    private void OnConnectionEnded(MqttTransportConnection connection) => _ = ReleaseAsync(connection);

    private async Task ReleaseAsync(MqttTransportConnection connection)
    {
        try
        {
            await connection.DisposeAsync();
        }
        finally
        {
            Untrack(connection);
        }
    }

    private async Task RunHandlerAsync(MqttTransportConnection connection)
    {
        try
        {
            await _handler.RunAsync(connection);
        }
#pragma warning disable CA1031 // The handler must not throw; if it does, only its connection closes.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            TransportLog.HandlerFailed(_logger, connection.RemoteEndPoint, exception);
        }
        finally
        {
            await ReleaseAsync(connection);
        }
    }

    /// <summary>Counts a connection until <see cref="Untrack"/>; null for a TLS handshake in progress.</summary>
    private bool TryTrack(MqttTransportConnection? connection)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return false;
            }

            if (connection is not null)
            {
                _connections.Add(connection);
            }

            _pending++;
            return true;
        }
    }

    private void Untrack(MqttTransportConnection? connection)
    {
        bool drained;
        lock (_gate)
        {
            if (connection is not null)
            {
                _connections.Remove(connection);
            }

            _pending--;
            drained = _stopped && _pending == 0;
        }

        if (drained)
        {
            _drained.TrySetResult();
        }
    }

    private static bool ValidateClientCertificate(
        TlsOptions tls,
        object sender,
        System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain,
        SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return tls.ClientCertificateMode != MqttClientCertificateMode.Required;
        }

        return tls.ClientCertificateValidation?.Invoke(sender, certificate, chain, errors) ?? true;
    }

    /// <summary>Stops accepting, aborts every connection and waits until every handler has returned.</summary>
    public async Task StopAsync()
    {
        MqttTransportConnection[] connections;
        bool drained;
        lock (_gate)
        {
            if (_stopped)
            {
                connections = [];
                drained = _pending == 0;
            }
            else
            {
                _stopped = true;
                connections = [.. _connections];
                drained = _pending == 0;
            }
        }

        await _stopping.CancelAsync();
        _listenSocket?.Dispose();
        await Task.WhenAll(_acceptLoops);
        foreach (var connection in connections)
        {
            connection.Abort();
        }

        if (drained)
        {
            _drained.TrySetResult();
        }

        await _drained.Task;
        if (LocalEndPoint is not null && connections.Length > 0)
        {
            TransportLog.Stopped(_logger, Kind, LocalEndPoint, connections.Length);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}

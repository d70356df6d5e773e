namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>An MQTT server process on loopback that a fixture can kill, stop and start again on the same data and ports.</summary>
internal interface IMqttServerHost : IAsyncDisposable
{
    /// <summary>MQTT over TCP on 127.0.0.1.</summary>
    int Port { get; }

    /// <summary>MQTT over TLS, with a certificate for <see cref="TestCertificateAuthority.ServerHostName"/>.</summary>
    int TlsPort { get; }

    /// <summary><c>ws://127.0.0.1:PORT/mqtt</c>, WebSocket subprotocol <c>mqtt</c>.</summary>
    Uri WebSocketUri { get; }

    bool IsRunning { get; }

    /// <summary>The output of every process this host started, oldest first, for failure messages.</summary>
    string Output { get; }

    /// <summary>Starts the server (again, on the same data and ports) and waits until it accepts connections.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>SIGKILL: nothing is flushed. Returns once the process is gone.</summary>
    Task KillAsync();

    /// <summary>SIGTERM: a graceful stop. Returns once the process is gone.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

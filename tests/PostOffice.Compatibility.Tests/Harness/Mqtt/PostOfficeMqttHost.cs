using System.Text;
using PostOffice.Testing;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// The real <c>postoffice</c> with its MQTT listeners: TCP on <c>--mqtt-port</c>, TLS on <c>--mqtt-tls-port</c> with
/// the test certificate given through <c>mqtt.tls.certificate</c> and <c>mqtt.tls.privateKey</c> (as the
/// environment variables POSTOFFICE_MQTT__TLS__CERTIFICATE and POSTOFFICE_MQTT__TLS__PRIVATEKEY), WebSocket at
/// <c>/mqtt</c> on the HTTP port. The data directory and every port outlive each process.
/// </summary>
internal sealed class PostOfficeMqttHost(string directory, TestCertificateAuthority certificates) : IMqttServerHost
{
    // Bounds a hang; a cold start on a loaded two-core machine takes a few seconds.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Path.Combine(directory, "data");
    private readonly int _httpPort = ServerProcess.FreePort();
    private readonly StringBuilder _previousOutput = new();
    private ServerProcess? _server;

    public int Port { get; } = ServerProcess.FreePort();

    public int TlsPort { get; } = ServerProcess.FreePort();

    public Uri WebSocketUri => new($"ws://127.0.0.1:{_httpPort}/mqtt");

    public bool IsRunning => _server is not null;

    public string Output => _previousOutput + (_server?.Output ?? string.Empty) + (_server?.Error ?? string.Empty);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("postoffice is already running; kill or stop it first");
        }

        var environment = new Dictionary<string, string>
        {
            ["POSTOFFICE_MQTT__TLS__CERTIFICATE"] = certificates.CertificateFile,
            ["POSTOFFICE_MQTT__TLS__PRIVATEKEY"] = certificates.PrivateKeyFile,
        };
        _server = ServerProcess.Start(
            environment: environment, dataDirectory: _dataDirectory, httpPort: _httpPort, keepDataDirectory: true, mqttPort: Port, mqttTlsPort: TlsPort);
        try
        {
            await _server.WaitForReadyAsync(StartTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"postoffice did not become ready: {exception.Message}\n{Output}", exception);
        }
    }

    public async Task KillAsync()
    {
        var server = _server ?? throw new InvalidOperationException("postoffice is not running");
        await server.KillAsync();
        await RetireAsync(server);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException("postoffice is not running");
        await server.TerminateAsync();
        await server.WaitForExitAsync(StopTimeout, "graceful stop after SIGTERM");
        await RetireAsync(server);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await RetireAsync(server);
        }
    }

    private async Task RetireAsync(ServerProcess server)
    {
        await server.DisposeAsync();
        _previousOutput.Append(server.Output).Append(server.Error).AppendLine("--- process exited ---");
        _server = null;
    }
}

using System.Text;
using PostOffice.Testing;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>The real <c>postoffice</c> server on a temporary data directory that outlives each of its processes.</summary>
internal sealed class PostOfficeHost : ISqsServerHost
{
    // Bounds a hang; a cold start on a loaded two-core machine takes a few seconds.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"postoffice-compat-{Guid.NewGuid():N}");
    private readonly int _port = ServerProcess.FreePort();
    private readonly int _mqttPort = ServerProcess.FreePort();
    private readonly int _mqttTlsPort = ServerProcess.FreePort();
    private readonly StringBuilder _previousOutput = new();
    private ServerProcess? _server;

    public Uri Endpoint => new($"http://127.0.0.1:{_port}/");

    public bool IsRunning => _server is not null;

    public string Output => _previousOutput + (_server?.Output ?? string.Empty) + (_server?.Error ?? string.Empty);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("postoffice is already running; kill or stop it first");
        }

        _server = ServerProcess.Start(
            dataDirectory: _dataDirectory, httpPort: _port, keepDataDirectory: true, mqttPort: _mqttPort, mqttTlsPort: _mqttTlsPort);
        try
        {
            await _server.WaitForReadyAsync(StartTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"postoffice did not become ready on port {_port}: {exception.Message}\n{Output}", exception);
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

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task RetireAsync(ServerProcess server)
    {
        await server.DisposeAsync();
        _previousOutput.Append(server.Output).Append(server.Error).AppendLine("--- process exited ---");
        _server = null;
    }
}

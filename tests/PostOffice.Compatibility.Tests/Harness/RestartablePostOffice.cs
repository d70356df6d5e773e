using System.Text;
using PostOffice.Testing;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// The real <c>postoffice</c> on a data directory and ports (HTTP, MQTT, MQTT over TLS) that outlive each of its
/// processes, so a test can kill or stop it and start it again as the same server. Output of earlier processes is kept.
/// </summary>
internal abstract class RestartablePostOffice(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null) : IAsyncDisposable
{
    // Bounds a hang; a cold start on a loaded two-core machine takes a few seconds.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _previousOutput = new();
    private ServerProcess? _server;

    protected string DataDirectory { get; } = dataDirectory;

    protected int HttpPort { get; } = ServerProcess.FreePort();

    public int Port { get; } = ServerProcess.FreePort();

    public int TlsPort { get; } = ServerProcess.FreePort();

    public bool IsRunning => _server is not null;

    public string Output => _previousOutput + (_server?.Output ?? string.Empty) + (_server?.Error ?? string.Empty);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("postoffice is already running; kill or stop it first");
        }

        _server = ServerProcess.Start(
            environment: environment, dataDirectory: DataDirectory, httpPort: HttpPort, keepDataDirectory: true, mqttPort: Port, mqttTlsPort: TlsPort);
        try
        {
            await _server.WaitForReadyAsync(StartTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is TimeoutException or InvalidOperationException)
        {
            throw new InvalidOperationException($"postoffice did not become ready on port {HttpPort}: {exception.Message}\n{Output}", exception);
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

    public virtual async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await RetireAsync(server);
        }

        GC.SuppressFinalize(this);
    }

    private async Task RetireAsync(ServerProcess server)
    {
        await server.DisposeAsync();
        _previousOutput.Append(server.Output).Append(server.Error).AppendLine("--- process exited ---");
        _server = null;
    }
}

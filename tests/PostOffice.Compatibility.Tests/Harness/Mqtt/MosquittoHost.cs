using System.Globalization;
using System.Text;
using PostOffice.Testing;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// Debian's Mosquitto (<c>/usr/sbin/mosquitto</c>) as the reference the MQTT scripts are checked against, started
/// from a generated configuration: a TCP and a TLS listener on free loopback ports, anonymous access, persistence
/// in a temporary directory that outlives each process (so a graceful restart keeps sessions; Mosquitto writes
/// them only on shutdown or autosave, so a SIGKILL loses them). With a password file, anonymous access is off and
/// <c>password_file</c> names it.
/// <para>
/// Debian builds Mosquitto without libwebsockets: a <c>protocol websockets</c> listener makes it refuse to start
/// ("Unable to start any listening sockets"). <see cref="WebSocketTcpBridge"/> stands in for that listener, so the
/// WebSocket scripts still meet a real broker behind a WebSocket endpoint.
/// </para>
/// </summary>
internal sealed class MosquittoHost : IMqttServerHost
{
    public const string Executable = "/usr/sbin/mosquitto";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly TestCertificateAuthority _certificates;
    private readonly string? _passwordFile;
    private readonly WebSocketTcpBridge _webSocket;
    private readonly StringBuilder _previousOutput = new();
    private ChildProcess? _process;

    public MosquittoHost(string directory, TestCertificateAuthority certificates, string? passwordFile = null)
    {
        _directory = directory;
        _certificates = certificates;
        _passwordFile = passwordFile;
        Port = ServerProcess.FreePort();
        TlsPort = ServerProcess.FreePort();
        _webSocket = new WebSocketTcpBridge(Port);
    }

    public int Port { get; }

    public int TlsPort { get; }

    public Uri WebSocketUri => _webSocket.Uri;

    public bool IsRunning => _process is not null;

    public string Output => _previousOutput + (_process?.Output ?? string.Empty);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("mosquitto is already running; kill or stop it first");
        }

        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException("Debian's mosquitto is not installed (test.sh installs it)", Executable);
        }

        var configuration = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(configuration, Configuration(), cancellationToken);
        _process = ChildProcess.Start(Executable, ["-c", configuration]);
        await _process.WaitForLineAsync(" running", StartTimeout, "mosquitto start-up until it reports running");
        _webSocket.Start();
    }

    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("mosquitto is not running");
        await process.KillAsync();
        await RetireAsync(process);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var process = _process ?? throw new InvalidOperationException("mosquitto is not running");
        await process.TerminateAsync(StopTimeout);
        await RetireAsync(process);
    }

    public async ValueTask DisposeAsync()
    {
        await _webSocket.DisposeAsync();
        if (_process is { } process)
        {
            await RetireAsync(process);
        }
    }

    private string Configuration()
    {
        var persistence = Path.Combine(_directory, "persistence") + "/";
        Directory.CreateDirectory(persistence);
        var lines = new List<string>
        {
            "per_listener_settings false",
            _passwordFile is null ? "allow_anonymous true" : $"allow_anonymous false\npassword_file {_passwordFile}",
            "persistence true",
            $"persistence_location {persistence}",
            // $SYS topics (clients connected, ...) are published every sys_interval seconds; the default is 10.
            "sys_interval 1",
            "log_dest stderr",
            "log_type error",
            "log_type warning",
            "log_type notice",
            "log_type information",
            // Started as root, Mosquitto switches to the "mosquitto" user, which could not read the temporary files.
            $"user {Environment.UserName}",
            string.Empty,
            $"listener {Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "set_tcp_nodelay true",
            string.Empty,
            $"listener {TlsPort.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "set_tcp_nodelay true",
            $"cafile {_certificates.CaFile}",
            $"certfile {_certificates.CertificateFile}",
            $"keyfile {_certificates.PrivateKeyFile}",
        };
        return string.Join('\n', lines) + "\n";
    }

    private async Task RetireAsync(ChildProcess process)
    {
        await process.DisposeAsync();
        _previousOutput.Append(process.Output).AppendLine().AppendLine("--- process exited ---");
        _process = null;
    }
}

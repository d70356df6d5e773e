namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// One MQTT server per test class (<c>IClassFixture&lt;MqttServerFixture&gt;</c>): the real postoffice, or Debian's
/// Mosquitto when <c>COMPAT_MQTT_TARGET=mosquitto</c> (to check the scripts against the reference broker). Both get
/// free loopback ports, a temporary directory (data, PEM files) and a test CA; a test can kill, stop and start the
/// server again on the same data and ports.
/// </summary>
public class MqttServerFixture : IAsyncLifetime
{
    /// <summary>The environment variable that picks the server: <c>postoffice</c> (the default) or <c>mosquitto</c>.</summary>
    public const string TargetVariable = "COMPAT_MQTT_TARGET";

    public const string Host = "127.0.0.1";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("postoffice-mqtt-compat-");
    private readonly IMqttServerHost _host;
    private readonly TestCertificateAuthority _certificates;

    public MqttServerFixture()
        : this(passwordFile: false)
    {
    }

    /// <param name="passwordFile">
    /// True: the server refuses clients without a user name and reads users from <see cref="PasswordFile"/>, which a
    /// derived fixture writes in <see cref="PrepareAsync"/>.
    /// </param>
    protected MqttServerFixture(bool passwordFile)
    {
        _certificates = TestCertificateAuthority.Create(Path.Combine(_directory.FullName, "tls"));
        PasswordFile = passwordFile ? Path.Combine(_directory.FullName, "passwd") : null;
        IsMosquitto = Environment.GetEnvironmentVariable(TargetVariable) switch
        {
            null or "" or "postoffice" => false,
            "mosquitto" => true,
            var other => throw new InvalidOperationException($"{TargetVariable}={other}: expected postoffice or mosquitto"),
        };
        _host = IsMosquitto
            ? new MosquittoHost(_directory.FullName, _certificates, PasswordFile)
            : new PostOfficeMqttHost(_directory.FullName, _certificates, PasswordFile);
    }

    /// <summary>The password file the server reads, when the fixture has one.</summary>
    public string? PasswordFile { get; }

    /// <summary>True when the target is Mosquitto, the reference the suite is checked against.</summary>
    public bool IsMosquitto { get; }

    public int Port => _host.Port;

    public int TlsPort => _host.TlsPort;

    /// <summary>The name in the server certificate; TLS clients connect to it and verify against <see cref="CaFile"/>.</summary>
    public static string TlsHost => TestCertificateAuthority.ServerHostName;

    public string CaFile => _certificates.CaFile;

    public Uri WebSocketUri => _host.WebSocketUri;

    /// <summary>Everything the server processes printed, for diagnosing a failure.</summary>
    public string ServerOutput => _host.Output;

    public async ValueTask InitializeAsync()
    {
        await PrepareAsync();
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Skips the test on Mosquitto, for a behaviour Mosquitto does not have by design (the reason says which).</summary>
    public void RequirePostOffice(string reason)
    {
        if (IsMosquitto)
        {
            Assert.Skip($"PostOffice only: {reason}");
        }
    }

    /// <summary>Starts the server if an earlier test stopped it and did not get as far as starting it again.</summary>
    public async Task EnsureRunningAsync()
    {
        if (!_host.IsRunning)
        {
            await _host.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    /// <summary>SIGKILL, then start again on the same data directory and ports: a crash and recovery.</summary>
    public async Task KillAndRestartAsync()
    {
        await _host.KillAsync();
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>SIGTERM (a graceful stop), then start again on the same data directory and ports.</summary>
    public async Task StopAndRestartAsync()
    {
        await _host.StopAsync(TestContext.Current.CancellationToken);
        await _host.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _directory.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes what the server reads at start (a password file); runs before the first start.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;
}

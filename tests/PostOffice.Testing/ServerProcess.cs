using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PostOffice.Testing;

/// <summary>
/// Runs the built <c>postoffice</c> executable (copied next to the test assembly by the test project's reference to
/// PostOffice.Server) as a child process, with its own temporary data directory. Output is captured line by line so
/// that tests can wait for a log line instead of sleeping. Disposing kills the process if it is still running and
/// deletes the data directory unless the caller asked to keep it (to start another server on it).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(string Fragment, TaskCompletionSource Seen)> _waiters = [];

    private readonly bool _keepDataDirectory;

    private ServerProcess(System.Diagnostics.Process process, string dataDirectory, int httpPort, int mqttPort, int mqttTlsPort, bool keepDataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        MqttTlsPort = mqttTlsPort;
        _keepDataDirectory = keepDataDirectory;
        _process.OutputDataReceived += (_, line) => OnLine(_output, line.Data);
        _process.ErrorDataReceived += (_, line) => OnLine(_error, line.Data);
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    /// <summary>The MQTT over TCP port; like the HTTP port, free when started and kept by a restart.</summary>
    public int MqttPort { get; }

    /// <summary>The MQTT over TLS port (listening only when a certificate is configured).</summary>
    public int MqttTlsPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public int Id => _process.Id;

    public Stopwatch SinceStart { get; } = new();

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet postoffice.dll serve --data-dir &lt;temp&gt; --http-port &lt;free&gt;</c>
    /// followed by <paramref name="extraArguments"/>.
    /// </summary>
    /// <param name="httpPort">The port to serve on; a free one when null. A restart passes the previous port.</param>
    /// <param name="keepDataDirectory">When true, disposing leaves the data directory for the next server.</param>
    /// <param name="mqttPort">The MQTT port; a free one when null. A restart passes the previous port.</param>
    /// <param name="mqttTlsPort">The MQTT over TLS port; a free one when null.</param>
    public static ServerProcess Start(
        IEnumerable<string>? extraArguments = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? dataDirectory = null,
        int? httpPort = null,
        bool keepDataDirectory = false,
        int? mqttPort = null,
        int? mqttTlsPort = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), $"postoffice-test-{Guid.NewGuid():N}");
        httpPort ??= FreePort();
        mqttPort ??= FreePort();
        mqttTlsPort ??= FreePort();
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[] arguments =
        [
            ServerAssembly(), "serve", "--data-dir", dataDirectory, "--http-port", $"{httpPort}",
            "--mqtt-port", $"{mqttPort}", "--mqtt-tls-port", $"{mqttTlsPort}",
        ];
        foreach (var argument in arguments.Concat(extraArguments ?? []))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Hermetic: settings leaking in from the test runner's environment would change what is under test.
        foreach (var name in startInfo.Environment.Keys.Where(IsPostOfficeVariable).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new System.Diagnostics.Process { StartInfo = startInfo };
        var server = new ServerProcess(process, dataDirectory, httpPort.Value, mqttPort.Value, mqttTlsPort.Value, keepDataDirectory);
        server.SinceStart.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Completes when a line containing <paramref name="fragment"/> has been written to stdout.</summary>
    public Task WaitForOutputAsync(string fragment, TimeSpan timeout, string phase)
    {
        TaskCompletionSource seen;
        lock (_gate)
        {
            if (_output.ToString().Contains(fragment, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((fragment, seen));
        }

        return WithTimeoutAsync(seen.Task, timeout, phase);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout, string phase)
    {
        await WithTimeoutAsync(_process.WaitForExitAsync(), timeout, phase);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager or container runtime would to stop the server.</summary>
    public async Task TerminateAsync()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", $"{_process.Id}"]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>
    /// Waits for the "Listening on" log line, then checks that <c>GET /health/ready</c> answers 200: the store
    /// opens before Kestrel starts listening, so no polling is needed.
    /// </summary>
    public async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await WaitForOutputAsync("Listening on", timeout, "start-up until Kestrel listens");
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout };
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"/health/ready answered {(int)response.StatusCode} \"{body}\" after start-up; output:\n{Output}");
        }
    }

    /// <summary>
    /// Sends SIGKILL, as a crash or the OOM killer would: nothing is flushed or closed. Waits until the process is gone.
    /// </summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // Process.Kill is SIGKILL on Unix.
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_keepDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    /// <summary>Binds port 0 to let the kernel choose a free port, then releases it for the server to take.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPostOfficeVariable(string name) =>
        name.StartsWith("POSTOFFICE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase);

    private static string ServerAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "postoffice.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("postoffice.dll is not next to the test assembly", path);
    }

    // The SDK tells child processes which host ran it; outside `dotnet test` fall back to the one on PATH.
    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private static async Task WithTimeoutAsync(Task task, TimeSpan timeout, string phase)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"Phase \"{phase}\" did not finish within {timeout.TotalSeconds:F0} s.", exception);
        }
    }

    private void OnLine(StringBuilder buffer, string? line)
    {
        List<TaskCompletionSource> completed = [];
        if (line is null)
        {
            // End of a stream: when stdout closes, no awaited line can come any more; fail now rather than time out.
            if (ReferenceEquals(buffer, _output))
            {
                lock (_gate)
                {
                    completed.AddRange(_waiters.Select(waiter => waiter.Seen));
                    _waiters.Clear();
                }

                foreach (var seen in completed)
                {
                    seen.TrySetException(new InvalidOperationException($"postoffice closed its output; stderr: {Error}"));
                }
            }

            return;
        }

        lock (_gate)
        {
            buffer.AppendLine(line);
            if (ReferenceEquals(buffer, _output))
            {
                foreach (var waiter in _waiters.Where(waiter => line.Contains(waiter.Fragment, StringComparison.Ordinal)).ToList())
                {
                    _waiters.Remove(waiter);
                    completed.Add(waiter.Seen);
                }
            }
        }

        foreach (var seen in completed)
        {
            seen.TrySetResult();
        }
    }
}

using System.Diagnostics;
using System.Reflection;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// Runs one MQTT scenario script against the fixture's server in a clean environment: MQTT_HOST, MQTT_PORT,
/// MQTT_TLS_HOST, MQTT_TLS_PORT, MQTT_CAFILE, MQTT_WS_URL, MQTT_VERSION, a TOPIC_PREFIX no other run uses (topics and
/// client ids are made from it) and MQTT_WAIT_SECONDS, which bounds every wait inside the script.
/// </summary>
public static class MqttScriptRunner
{
    /// <summary>Bounds a hang of the whole script; every wait inside it is bounded by <see cref="WaitSeconds"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(150);

    /// <summary>How long a script waits for any one event (a CONNACK, a message) before it reports a failure.</summary>
    public const int WaitSeconds = 30;

    public const string DebianPython = "/usr/bin/python3";

    private static readonly string ScriptsDirectory = Path.Combine(
        typeof(MqttScriptRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "ScriptsDirectory").Value!,
        "mqtt");

    /// <summary>Unique per run and usable in topics and client ids.</summary>
    public static string NewTopicPrefix(string scenario) => $"{scenario.Replace('_', '-')}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <param name="version">The MQTT version the script speaks: 5 or 311.</param>
    /// <param name="topicPrefix">TOPIC_PREFIX; a new one when null (a test running phases passes the same one).</param>
    /// <param name="variables">More environment variables for the script.</param>
    /// <param name="atPause">
    /// What the test does when the script, still running, asks for it by printing <c>pause: REASON</c> on stderr (for
    /// example, kill and restart the server while the script's clients hold state); the script then reads
    /// <c>resume</c> on stdin.
    /// </param>
    public static async Task<MqttRun> RunAsync(
        MqttScript client,
        string scenario,
        MqttServerFixture server,
        int version = 5,
        string? topicPrefix = null,
        IReadOnlyDictionary<string, string>? variables = null,
        TimeSpan? timeout = null,
        Func<Task>? atPause = null)
    {
        timeout ??= DefaultTimeout;
        var (program, script) = client switch
        {
            MqttScript.Paho => (DebianPython, ScriptPath("python", scenario, ".py")),
            MqttScript.MosquittoClients => ("/bin/bash", ScriptPath("shell", scenario, ".sh")),
            MqttScript.MqttJs => (ClientExecutables.Node, ScriptPath("node", scenario, ".mjs")),
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
        };

        var home = Directory.CreateTempSubdirectory("postoffice-mqtt-client-");
        try
        {
            var startInfo = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = atPause is not null,
                UseShellExecute = false,
                WorkingDirectory = home.FullName,
            };
            startInfo.ArgumentList.Add(script);
            startInfo.Environment.Clear();
            var environment = new Dictionary<string, string>
            {
                ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
                ["HOME"] = home.FullName,
                ["TMPDIR"] = home.FullName,
                ["LANG"] = "C.UTF-8",
                ["LC_ALL"] = "C.UTF-8",
                ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["PYTHONUNBUFFERED"] = "1",
                ["NO_PROXY"] = "127.0.0.1,localhost",
                ["MQTT_HOST"] = MqttServerFixture.Host,
                ["MQTT_PORT"] = $"{server.Port}",
                ["MQTT_TLS_HOST"] = MqttServerFixture.TlsHost,
                ["MQTT_TLS_PORT"] = $"{server.TlsPort}",
                ["MQTT_CAFILE"] = server.CaFile,
                ["MQTT_WS_URL"] = server.WebSocketUri.AbsoluteUri,
                ["MQTT_VERSION"] = $"{version}",
                ["MQTT_WAIT_SECONDS"] = $"{WaitSeconds}",
                ["TOPIC_PREFIX"] = topicPrefix ?? NewTopicPrefix(scenario),
            };
            foreach (var (name, value) in environment.Concat(variables ?? new Dictionary<string, string>()))
            {
                startInfo.Environment[name] = value;
            }

            using var process = new Process { StartInfo = startInfo };
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = atPause is null ? process.StandardError.ReadToEndAsync() : ReadErrorAndServePausesAsync(process, atPause);
            var timedOut = false;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
            {
                deadline.CancelAfter(timeout.Value);
                try
                {
                    await process.WaitForExitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            return new MqttRun(client, scenario, process.ExitCode, timedOut, await stdout, await stderr, server.ServerOutput);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary>Collects stderr line by line; a <c>pause: REASON</c> line runs <paramref name="atPause"/>, then the script resumes.</summary>
    private static async Task<string> ReadErrorAndServePausesAsync(Process process, Func<Task> atPause)
    {
        var text = new System.Text.StringBuilder();
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            text.AppendLine(line);
            if (line.StartsWith("pause: ", StringComparison.Ordinal))
            {
                try
                {
                    await atPause();
                }
                catch (Exception exception)
                {
                    text.AppendLine($"(the test failed while the script paused: {exception.Message})");
                    process.Kill(entireProcessTree: true);
                    throw;
                }

                await process.StandardInput.WriteLineAsync("resume");
                await process.StandardInput.FlushAsync();
            }
        }

        return text.ToString();
    }

    private static string ScriptPath(string folder, string scenario, string extension)
    {
        var path = Path.Combine(ScriptsDirectory, folder, scenario + extension);
        return File.Exists(path) ? path : throw new FileNotFoundException($"no {folder} script for MQTT scenario {scenario}", path);
    }
}

using System.Diagnostics;
using System.Reflection;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// Runs one scenario script with one client against an endpoint, in a clean environment: fixed test credentials,
/// no user configuration (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are /dev/null, HOME is a fresh temporary
/// directory), no proxies, and no retries. The script's stdout is one JSON object; see the project's README.md.
/// </summary>
public static class ClientRunner
{
    /// <summary>Bounds a hang. A CLI step costs about half a second of interpreter start-up, more on a busy machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(150);

    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static readonly string ScriptsDirectory = typeof(ClientRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "ScriptsDirectory").Value!;

    /// <summary>A queue name prefix no other run uses: scenario, client and a random part, within SQS's name rules.</summary>
    public static string NewQueuePrefix(string scenario, SqsClient client)
    {
        var name = scenario.Replace('_', '-');
        return $"{name[..Math.Min(name.Length, 20)]}-{client.ShortName()}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <param name="scenario">The script's name without extension: Scripts/{python,cli,node}/SCENARIO.{py,sh,mjs}.</param>
    /// <param name="queuePrefix">Passed to the script as QUEUE_PREFIX; a new one when null.</param>
    /// <param name="variables">More environment variables for the script.</param>
    public static async Task<ClientRun> RunAsync(
        SqsClient client,
        string scenario,
        Uri endpoint,
        string? queuePrefix = null,
        IReadOnlyDictionary<string, string>? variables = null,
        TimeSpan? timeout = null)
    {
        queuePrefix ??= NewQueuePrefix(scenario, client);
        timeout ??= DefaultTimeout;
        var (program, script) = client switch
        {
            SqsClient.AwsCliV1 or SqsClient.AwsCliV2 => (ClientExecutables.Bash, ScriptPath("cli", scenario, ".sh")),
            SqsClient.Boto3Json => (ClientExecutables.PyenvPython, ScriptPath("python", scenario, ".py")),
            SqsClient.Boto3Query => (ClientExecutables.DebianPython, ScriptPath("python", scenario, ".py")),
            SqsClient.NodeSdkV3 => (ClientExecutables.Node, ScriptPath("node", scenario, ".mjs")),
            _ => throw new ArgumentOutOfRangeException(nameof(client), client, null),
        };

        var work = Directory.CreateTempSubdirectory("postoffice-compat-client-");
        try
        {
            var startInfo = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = work.FullName,
            };
            startInfo.ArgumentList.Add(script);
            startInfo.Environment.Clear();
            foreach (var (name, value) in Environment(client, endpoint, queuePrefix, work.FullName))
            {
                startInfo.Environment[name] = value;
            }

            foreach (var (name, value) in variables ?? new Dictionary<string, string>())
            {
                startInfo.Environment[name] = value;
            }

            using var process = new Process { StartInfo = startInfo };
            var stopwatch = Stopwatch.StartNew();
            process.Start();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
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

            stopwatch.Stop();
            return new ClientRun(client, scenario, queuePrefix, process.ExitCode, timedOut, timeout.Value, stopwatch.Elapsed, await stdout, await stderr);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string ScriptPath(string folder, string scenario, string extension)
    {
        var path = Path.Combine(ScriptsDirectory, folder, scenario + extension);
        return File.Exists(path) ? path : throw new FileNotFoundException($"no {folder} script for scenario {scenario}", path);
    }

    private static Dictionary<string, string> Environment(SqsClient client, Uri endpoint, string queuePrefix, string home)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = home,
            ["TMPDIR"] = home,
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
            ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
            ["AWS_DEFAULT_REGION"] = SqsServerFixture.Region,
            ["AWS_REGION"] = SqsServerFixture.Region,
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_MAX_ATTEMPTS"] = "1",
            ["AWS_RETRY_MODE"] = "standard",
            ["AWS_PAGER"] = string.Empty,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONUNBUFFERED"] = "1",
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["SQS_ENDPOINT"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["QUEUE_PREFIX"] = queuePrefix,
        };

        // pyenv's shims find their versions through PYENV_ROOT, not HOME.
        if (System.Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } pyenvRoot)
        {
            environment["PYENV_ROOT"] = pyenvRoot;
        }

        if (client == SqsClient.AwsCliV1)
        {
            environment["AWS"] = ClientExecutables.PyenvAws;
            environment["AWS_CLI_MAJOR"] = "1";
        }
        else if (client == SqsClient.AwsCliV2)
        {
            environment["AWS"] = ClientExecutables.DebianAws;
            environment["AWS_CLI_MAJOR"] = "2";
        }

        return environment;
    }
}

using System.Diagnostics;
using System.Text;
using PostOffice.Testing;

namespace PostOffice.Compatibility.Tests.Harness;

/// <summary>
/// moto's standalone server (<c>python3 -m moto.server</c>), used to check the scenario scripts against a second
/// implementation (COMPAT_SQS_TARGET=moto). moto keeps everything in memory: a restart starts empty, so the
/// durability tests fail against it, as they must against any server that loses acknowledged messages.
/// </summary>
internal sealed class MotoHost : ISqsServerHost
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly int _port = ServerProcess.FreePort();
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private Process? _process;

    public Uri Endpoint => new($"http://127.0.0.1:{_port}/");

    public bool IsRunning => _process is not null;

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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("moto is already running; kill or stop it first");
        }

        var startInfo = new ProcessStartInfo(ClientExecutables.PyenvPython)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-m", "moto.server", "-H", "127.0.0.1", "-p", $"{_port}"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The account PostOffice uses, so that queue URLs and ARNs are the same on both targets.
        startInfo.Environment["MOTO_ACCOUNT_ID"] = SqsServerFixture.AccountId;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        DataReceivedEventHandler onLine = (_, line) =>
        {
            if (line.Data is null)
            {
                listening.TrySetException(new InvalidOperationException($"moto closed its output:\n{Output}"));
                return;
            }

            lock (_gate)
            {
                _output.AppendLine(line.Data);
            }

            if (line.Data.Contains("Running on", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"moto did not listen on port {_port} within {StartTimeout.TotalSeconds:F0} s:\n{Output}", exception);
        }
    }

    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("moto is not running");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Retire(process);
    }

    public Task StopAsync(CancellationToken cancellationToken) => KillAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await KillAsync();
        }
    }

    private void Retire(Process process)
    {
        process.Dispose();
        _process = null;
        lock (_gate)
        {
            _output.AppendLine("--- process exited ---");
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// A long-running program (a broker, a subscriber) whose stdout and stderr lines are collected in arrival order, so
/// that a test waits for the line that says something happened instead of sleeping. Disposing kills it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Matches, TaskCompletionSource<string> Seen)> _waiters = [];
    private int _openStreams = 2;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, line) => OnLine(line.Data);
        _process.ErrorDataReceived += (_, line) => OnLine(line.Data);
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static ChildProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = startInfo }, Path.GetFileName(program));
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The first line (already printed or still to come) that <paramref name="matches"/> accepts.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches, TimeSpan timeout, string phase)
    {
        TaskCompletionSource<string> seen;
        lock (_gate)
        {
            if (_lines.FirstOrDefault(matches) is { } line)
            {
                return line;
            }

            if (_openStreams == 0)
            {
                throw new InvalidOperationException($"{Name} exited before {phase}; it printed:\n{string.Join('\n', _lines)}");
            }

            seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((matches, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{Name}: phase \"{phase}\" did not finish within {timeout.TotalSeconds:F0} s; it printed:\n{Output}", exception);
        }
    }

    public Task<string> WaitForLineAsync(string fragment, TimeSpan timeout, string phase) =>
        WaitForLineAsync(line => line.Contains(fragment, StringComparison.Ordinal), timeout, phase);

    /// <summary>Waits for the program to end by itself and fails unless it exited with 0.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, string phase)
    {
        try
        {
            await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{Name}: phase \"{phase}\" did not finish within {timeout.TotalSeconds:F0} s; it printed:\n{Output}", exception);
        }

        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name}: phase \"{phase}\": exited with {_process.ExitCode}; it printed:\n{Output}");
        }
    }

    /// <summary>Sends SIGKILL (Process.Kill) and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>Sends SIGTERM and waits, at most <paramref name="timeout"/>, for the process to exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", $"{_process.Id}"]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:F0} s of SIGTERM; it printed:\n{Output}", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        List<TaskCompletionSource<string>> matched = [];
        List<TaskCompletionSource<string>> orphaned = [];
        lock (_gate)
        {
            if (line is null)
            {
                // Once both streams are closed no awaited line can come: fail the waiters now rather than time out.
                if (--_openStreams == 0)
                {
                    orphaned.AddRange(_waiters.Select(waiter => waiter.Seen));
                    _waiters.Clear();
                }
            }
            else
            {
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(waiter => waiter.Matches(line)).ToList())
                {
                    _waiters.Remove(waiter);
                    matched.Add(waiter.Seen);
                }
            }
        }

        foreach (var seen in matched)
        {
            seen.TrySetResult(line!);
        }

        foreach (var seen in orphaned)
        {
            seen.TrySetException(new InvalidOperationException($"{Name} exited while a line was awaited; it printed:\n{Output}"));
        }
    }
}

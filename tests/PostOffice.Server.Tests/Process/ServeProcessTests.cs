using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage;
using PostOffice.Storage.Log;
using PostOffice.Testing;

namespace PostOffice.Server.Tests.Process;

/// <summary>The real <c>postoffice</c> executable, started as a child process the way an operator would run it.</summary>
public sealed class ServeProcessTests
{
    // Generous: these bound a hang, they do not measure speed. The time to ready is reported, not asserted.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private const int OtherPolicy = 0; // SCHED_OTHER, the default, as /proc/PID/task/TID/sched shows it
    private const int BatchPolicy = 3; // SCHED_BATCH

    [Fact]
    public async Task Serve_EmptyDataDirectory_AnswersReadyOnTheConfiguredPortOnly()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var strayPort = ServerProcess.FreePort();
        await using var server = ServerProcess.Start(
            environment: new Dictionary<string, string> { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{strayPort}" });

        await server.WaitForOutputAsync("Listening on", StartTimeout, "start-up until Kestrel listens");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
        var timeToReady = server.SinceStart.Elapsed;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", await response.Content.ReadAsStringAsync(cancellationToken));
        TestContext.Current.TestOutputHelper?.WriteLine($"/health/ready answered 200 {timeToReady.TotalMilliseconds:F0} ms after process start");

        // ASPNETCORE_URLS is ignored: one listener, where PostOffice's settings put it.
        var listening = server.Output.Split('\n').Where(line => line.Contains("Listening on", StringComparison.Ordinal)).ToList();
        Assert.Single(listening);
        Assert.EndsWith($"Listening on http://127.0.0.1:{server.HttpPort}", listening[0].TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain(strayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, BatchPolicy)]
    [InlineData("normal", null)]
    public async Task Serve_CpuScheduling_PutsEveryThreadButTheLogWriterUnderThePolicy(string? setting, int? expectedPolicy)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("SCHED_BATCH is Linux's");
        }

        var environment = setting is null ? null : new Dictionary<string, string> { ["POSTOFFICE_CPUSCHEDULING"] = setting };
        await using var server = ServerProcess.Start(environment: environment);
        await server.WaitForReadyAsync(StartTimeout, TestContext.Current.CancellationToken);

        // Threads started after the move (Kestrel's, the thread pool's) inherit it: all of them are checked.
        var threads = Directory.EnumerateDirectories($"/proc/{server.Id}/task")
            .Select(directory => (Name: File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd('\n'), Policy: PolicyOf(directory)))
            .ToList();
        var writer = Assert.Single(threads, thread => thread.Name.StartsWith("postoffice-wal", StringComparison.Ordinal));
        var others = threads.Where(thread => thread != writer).ToList();

        // "normal" leaves the policy the process was started with: this test's own. Under batch, the log writer,
        // which every durable acknowledgement waits for, moves back to the default.
        var expected = expectedPolicy ?? PolicyOf("/proc/self");
        Assert.True(others.Count > 5, $"{others.Count} threads");
        Assert.All(others, thread => Assert.Equal(expected, thread.Policy));
        Assert.Equal(expectedPolicy is null ? expected : OtherPolicy, writer.Policy);
    }

    /// <summary>The scheduling policy of a thread or process: the <c>policy</c> line of its <c>sched</c> file.</summary>
    private static int PolicyOf(string procDirectory)
    {
        var line = File.ReadLines(Path.Combine(procDirectory, "sched")).First(line => line.StartsWith("policy", StringComparison.Ordinal));
        return int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Serve_Sigterm_DrainsFlushesStoreAndExitsZero()
    {
        await using var server = ServerProcess.Start();
        await server.WaitForOutputAsync("Listening on", StartTimeout, "start-up until Kestrel listens");

        await server.TerminateAsync();
        var exitCode = await server.WaitForExitAsync(ExitTimeout, "graceful stop after SIGTERM");

        Assert.Equal(0, exitCode);
        var output = server.Output;
        var draining = output.IndexOf("draining in-flight requests", StringComparison.Ordinal);
        var closed = output.IndexOf("Store flushed and closed", StringComparison.Ordinal);
        Assert.True(draining >= 0 && closed > draining, $"expected the drain, then the flush, in:\n{output}");
        Assert.Equal(string.Empty, server.Error);
    }

    [Fact]
    public async Task Serve_BadConfigValue_ExitsWithCode2NamingKeyAndLine()
    {
        var config = Path.Combine(Path.GetTempPath(), $"postoffice-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, "# test\nhttp:\n  port: abc\n", TestContext.Current.CancellationToken);
        try
        {
            await using var server = ServerProcess.Start(["--config", config]);

            var exitCode = await server.WaitForExitAsync(ExitTimeout, "exit after a configuration error");

            Assert.Equal(2, exitCode);
            Assert.Equal($"{config}:3: http.port: \"abc\" is not a port (1-65535)", server.Error.TrimEnd());
            Assert.False(Directory.Exists(server.DataDirectory), "nothing may start, not even the store, on a config error");
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Serve_BadEnvironmentVariable_ExitsWithCode2NamingVariable()
    {
        await using var server = ServerProcess.Start(environment: new Dictionary<string, string> { ["POSTOFFICE_HTTP__BIND"] = "not-an-address" });

        var exitCode = await server.WaitForExitAsync(ExitTimeout, "exit after a configuration error");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("environment variable POSTOFFICE_HTTP__BIND: http.bind:", server.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CorruptSealedLogFile_ExitsWithCode3NamingTheFile()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"postoffice-test-{Guid.NewGuid():N}");
        var corrupted = await WriteStoreWithCorruptSealedFileAsync(dataDirectory);
        await using var server = ServerProcess.Start(dataDirectory: dataDirectory);

        var exitCode = await server.WaitForExitAsync(ExitTimeout, "exit after finding corruption");

        Assert.Equal(3, exitCode);
        Assert.StartsWith("postoffice: the store is corrupt, not starting: ", server.Error, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(corrupted), server.Error, StringComparison.Ordinal);
        Assert.Contains("crit: ", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening on", server.Output, StringComparison.Ordinal);
    }

    /// <summary>Fills more than one small log file through the real engine, then damages the first, sealed, one.</summary>
    private static async Task<string> WriteStoreWithCorruptSealedFileAsync(string dataDirectory)
    {
        var options = new StorageOptions { DataDirectory = dataDirectory, SegmentBytes = 4096 };
        await using (var engine = await StorageEngine.OpenAsync(
            options, NullRecoveryHandler.Instance, NullLoggerFactory.Instance, TestContext.Current.CancellationToken))
        {
            var payload = new byte[1024];
            var positions = new LogPosition[1];
            for (var i = 0; i < 12; i++)
            {
                // Retained, so that no snapshot makes the sealed files dead and deletes them. Kind 0x10 is the queue
                // engine's enqueue: the server must reach the damage, not stop at a record kind it does not know.
                await engine.Log.AppendAndWaitForCommitAsync([new LogRecord(0x10, 1, payload, Retained: true)], positions);
            }
        }

        var files = Directory.GetFiles(Path.Combine(dataDirectory, "wal"), "*.wal").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 2, $"expected a sealed log file, found {files.Count} file(s)");
        await using (var stream = new FileStream(files[0], FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = stream.Length / 2;
            var original = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)~original);
        }

        return files[0];
    }
}

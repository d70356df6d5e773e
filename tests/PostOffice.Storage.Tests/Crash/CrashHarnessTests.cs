using System.Diagnostics;
using System.Globalization;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Crash;

/// <summary>
/// Kills a real appending process with SIGKILL at random moments, over and over, and checks after each restart that
/// every record it acknowledged is there exactly once and in order, and that no torn record is visible.
/// </summary>
/// <remarks>
/// The child (PostOffice.Storage.CrashChild) checks the log it recovers: each writer's sequence must be contiguous,
/// every chunk whole, every payload's own CRC good; it then reports each writer's next sequence number, which must
/// exceed every sequence number it acknowledged in earlier lives. Set CRASH_TEST_CYCLES (default 20) for a
/// longer run, and CRASH_TEST_SEED to replay one.
/// </remarks>
public sealed class CrashHarnessTests(ITestOutputHelper output)
{
    private const int Writers = 8;

    [Fact]
    public async Task SigKill_AtRandomMoments_LosesNoAcknowledgedRecordAndShowsNoTornOne()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("CRASH_TEST_CYCLES"), CultureInfo.InvariantCulture, out var n) ? n : 20;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CRASH_TEST_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        output.WriteLine($"{cycles} cycles, seed {seed}");
        var random = new Random(seed);
        using var directory = new TempDirectory();
        var acknowledged = new Dictionary<int, long>();
        long totalAcks = 0, killedBeforeReady = 0;

        for (var cycle = 0; cycle <= cycles; cycle++)
        {
            var last = cycle == cycles;
            using var child = StartChild(directory.Path, random.Next());
            try
            {
                // One cycle in five is killed at once, possibly during recovery itself.
                if (!last && random.Next(5) == 0)
                {
                    await Task.Delay(random.Next(0, 150), TestContext.Current.CancellationToken);
                    child.Kill();
                    await child.WaitForExitAsync(TestContext.Current.CancellationToken);
                    killedBeforeReady++;
                    continue;
                }

                var recovered = await ReadUntilReadyAsync(child, cycle);
                foreach (var (writer, seq) in acknowledged)
                {
                    var next = recovered.GetValueOrDefault(writer);
                    Assert.True(next > seq, $"cycle {cycle}: writer {writer} had seq {seq} acknowledged, but the log holds only up to {next - 1}");
                }

                if (last)
                {
                    break;
                }

                var acks = Task.Run(() => ReadAcksAsync(child));
                await Task.Delay(random.Next(10, 400), TestContext.Current.CancellationToken);
                child.Kill(); // SIGKILL
                await child.WaitForExitAsync(TestContext.Current.CancellationToken);
                foreach (var (writer, seq) in await acks)
                {
                    acknowledged[writer] = Math.Max(acknowledged.GetValueOrDefault(writer, -1), seq);
                    totalAcks++;
                }
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }
            }
        }

        output.WriteLine($"{totalAcks} acknowledged appends checked; {killedBeforeReady} cycles killed before ready; highest seqs: {string.Join(", ", acknowledged.OrderBy(a => a.Key).Select(a => $"{a.Key}:{a.Value}"))}");
        Assert.True(acknowledged.Count == Writers, "the children never acknowledged anything: the harness checked nothing");
    }

    private static Process StartChild(string directory, int seed)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PostOffice.Storage.CrashChild.dll"));
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(Writers.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash child");
    }

    private static async Task<Dictionary<int, long>> ReadUntilReadyAsync(Process child, int cycle)
    {
        var recovered = new Dictionary<int, long>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await child.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            var parts = line.Split(' ');
            switch (parts[0])
            {
                case "verify-failed":
                    Assert.Fail($"cycle {cycle}: recovery check failed: {line}");
                    break;
                case "recovered":
                    recovered[int.Parse(parts[1], CultureInfo.InvariantCulture)] = long.Parse(parts[2], CultureInfo.InvariantCulture);
                    break;
                case "ready":
                    return recovered;
            }
        }

        var error = await child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Fail($"cycle {cycle}: the child exited (code {(child.HasExited ? child.ExitCode : -1)}) before recovering: {error}");
        return recovered;
    }

    /// <summary>Reads "ack" lines until the killed child's output ends. A line it flushed was a real acknowledgement.</summary>
    private static async Task<List<(int Writer, long Seq)>> ReadAcksAsync(Process child)
    {
        var acks = new List<(int, long)>();
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0] == "ack")
            {
                acks.Add((int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }

        return acks;
    }
}

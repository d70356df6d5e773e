// The child process of the crash-safety tests: recovers the log in a data directory, verifies it, then appends
// under load until it is killed, printing "ack <writer> <last seq>" after each durable append.
//
// usage: PostOffice.Storage.CrashChild <directory> <writers> <seed>
using System.Buffers;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage;
using PostOffice.Storage.CrashChild;
using PostOffice.Storage.Log;

var directory = args[0];
var writers = int.Parse(args[1], CultureInfo.InvariantCulture);
var seed = int.Parse(args[2], CultureInfo.InvariantCulture);

var verifier = new SequenceVerifier();
var options = new WriteAheadLogOptions { Directory = directory, SegmentBytes = 256 * 1024 };
await using var log = await WriteAheadLog.OpenAsync(options, verifier, NullLogger.Instance);
verifier.CheckChunksClosed();
var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
if (verifier.Error is not null)
{
    await stdout.WriteLineAsync("verify-failed " + verifier.Error);
    await stdout.FlushAsync();
    return 3;
}

foreach (var (writer, next) in verifier.Next)
{
    await stdout.WriteLineAsync(FormattableString.Invariant($"recovered {writer} {next}"));
}

await stdout.WriteLineAsync(FormattableString.Invariant($"ready {verifier.Replayed}"));
await stdout.FlushAsync();

var gate = new object();
var acks = Channel.CreateUnbounded<(int Writer, long Seq)>();
var tasks = new List<Task>();
for (var w = 0; w < writers; w++)
{
    var writer = w;
    tasks.Add(Task.Run(async () =>
    {
        var random = new Random(HashCode.Combine(seed, writer));
        var records = new LogRecord[3];
        var positions = new LogPosition[3];
        while (true)
        {
            var count = random.Next(1, 4);
            ValueTask commit;
            long last;
            lock (gate)
            {
                var seq = verifier.NextFor(writer);
                for (var i = 0; i < count; i++)
                {
                    records[i] = new LogRecord(SequenceVerifier.RecordKind, writer, SequenceVerifier.BuildPayload(writer, seq + i, count, i, random));
                }

                commit = log.AppendAndWaitForCommitAsync(records.AsSpan(0, count), positions);
                last = seq + count - 1;
                verifier.MarkAppended(writer, seq + count);
            }

            await commit;
            acks.Writer.TryWrite((writer, last));
        }
    }));
}

tasks.Add(Task.Run(async () =>
{
    var random = new Random(seed);
    while (true)
    {
        await Task.Delay(random.Next(5, 60));
        LogPosition replayFrom;
        var state = new ArrayBufferWriter<byte>();
        lock (gate)
        {
            replayFrom = log.BeginSnapshot();
            verifier.CaptureSnapshot(state);
        }

        await log.WriteSnapshotAsync(replayFrom, state.WrittenMemory);
    }
}));

tasks.Add(Task.Run(async () =>
{
    while (await acks.Reader.WaitToReadAsync())
    {
        while (acks.Reader.TryRead(out var ack))
        {
            await stdout.WriteLineAsync(FormattableString.Invariant($"ack {ack.Writer} {ack.Seq}"));
        }

        await stdout.FlushAsync();
    }
}));

await Task.WhenAny(tasks);
foreach (var task in tasks.Where(t => t.IsFaulted))
{
    await Console.Error.WriteLineAsync(task.Exception!.ToString());
}

return 4;

using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage.Log;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Log;

public sealed class WriteAheadLogTests
{
    [Fact]
    public async Task Append_ThenReopen_ReplaysEveryRecordInOrder()
    {
        using var directory = new TempDirectory();
        var written = new List<LogPosition>();
        await using (var log = await LogTesting.OpenAsync(directory.Path))
        {
            for (var i = 0; i < 100; i++)
            {
                written.Add(await log.AppendAsync((byte)(i % 7), i, LogTesting.Payload(i, i * 3)));
            }
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
        }

        Assert.Equal(100, handler.Records.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(written[i], handler.Records[i].Position);
            Assert.Equal((byte)(i % 7), handler.Records[i].Kind);
            Assert.Equal(i, handler.Records[i].Owner);
            Assert.Equal(LogTesting.Payload(i, i * 3), handler.Records[i].Payload);
        }
    }

    [Fact]
    public async Task Open_WriterThreadStarted_RunsOnceOnTheWriterThreadBeforeTheFirstCommit()
    {
        using var directory = new TempDirectory();
        var calls = new List<string?>();
        var options = new WriteAheadLogOptions
        {
            Directory = directory.Path,
            WriterThreadStarted = () =>
            {
                lock (calls)
                {
                    calls.Add(Thread.CurrentThread.Name);
                }
            },
        };
        await using var log = await WriteAheadLog.OpenAsync(options, new RecordingHandler(), NullLogger.Instance, TestContext.Current.CancellationToken);

        await log.AppendAsync(1, 1, LogTesting.Payload(1));
        await log.AppendAsync(1, 2, LogTesting.Payload(2));

        lock (calls)
        {
            Assert.Equal(["postoffice-wal-writer"], calls);
        }
    }

    [Fact]
    public async Task Append_SeveralRecords_GetsIncreasingPositionsThatReadBack()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path);
        var records = Enumerable.Range(0, 5).Select(i => new LogRecord(1, i, LogTesting.Payload(i))).ToArray();
        var positions = new LogPosition[5];

        await log.AppendAndWaitForCommitAsync(records, positions);

        for (var i = 0; i < 5; i++)
        {
            var read = await log.ReadAsync(positions[i], TestContext.Current.CancellationToken);
            Assert.Equal(i, read.Owner);
            Assert.Equal(LogTesting.Payload(i), read.Payload.ToArray());
            Assert.True(i == 0 || positions[i] > positions[i - 1]);
        }

        Assert.True(log.CommittedPosition > positions[4]);
    }

    [Fact]
    public async Task Append_ManyConcurrentAppenders_EveryAcknowledgedRecordRecoversOnce()
    {
        using var directory = new TempDirectory();
        const int Appenders = 64;
        const int PerAppender = 50;
        WriteAheadLogStatistics statistics;
        await using (var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: 64 * 1024))
        {
            await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
            {
                for (var i = 0; i < PerAppender; i++)
                {
                    await log.AppendAsync(1, a, BitConverter.GetBytes(i));
                }
            })));
            statistics = log.Statistics;
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler, segmentBytes: 64 * 1024))
        {
        }

        Assert.Equal(Appenders * PerAppender, statistics.Chunks);
        Assert.InRange(statistics.Commits, 1, statistics.Chunks);
        for (var a = 0; a < Appenders; a++)
        {
            var sequence = handler.Records.Where(r => r.Owner == a).Select(r => BitConverter.ToInt32(r.Payload)).ToList();
            Assert.Equal(Enumerable.Range(0, PerAppender), sequence);
        }
    }

    [Fact]
    public async Task Append_PastSegmentSize_RollsToNewFilesAndRecoversAcrossThem()
    {
        using var directory = new TempDirectory();
        await using (var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: 4096))
        {
            for (var i = 0; i < 200; i++)
            {
                await log.AppendAsync(1, i, LogTesting.Payload(i, 100));
            }

            Assert.True(log.Segments.Count > 3, $"expected several log files, found {log.Segments.Count}");
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler, segmentBytes: 4096))
        {
        }

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), handler.Records.Select(r => r.Owner));
    }

    [Fact]
    public async Task Dispose_WithAppendsInFlight_MakesThemDurable()
    {
        using var directory = new TempDirectory();
        var commits = new List<Task>();
        await using (var log = await LogTesting.OpenAsync(directory.Path))
        {
            for (var i = 0; i < 50; i++)
            {
                commits.Add(log.AppendAsync(1, i, LogTesting.Payload(i)));
            }
        }

        await Task.WhenAll(commits);
        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
        }

        Assert.Equal(50, handler.Records.Count);
    }

    [Fact]
    public async Task ReadAsync_PositionNeverWritten_Throws()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path);
        await log.AppendAsync(1, 1, LogTesting.Payload(1));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.ReadAsync(new LogPosition(1_000_000), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReadAsync_AppendedButNotYetDurable_CompletesOnceTheCommitIs()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        await using var log = await LogTesting.OpenAsync(directory.Path, io: io);
        await log.AppendAsync(1, 1, LogTesting.Payload(1));
        io.HoldFlushes = true;
        var positions = new LogPosition[1];
        var commit = log.AppendAndWaitForCommitAsync([new LogRecord(1, 2, LogTesting.Payload(2), Retained: true)], positions).AsTask();

        var read = log.ReadAsync(positions[0], TestContext.Current.CancellationToken).AsTask();
        Assert.False(read.IsCompleted);
        Assert.False(commit.IsCompleted);

        io.HoldFlushes = false;
        await commit;
        Assert.Equal(LogTesting.Payload(2), (await read).Payload.ToArray());
    }

    [Fact]
    public async Task AppendUnflushed_NothingElseAppended_IsFlushedOnItsOwnAfterTheDelayAndRecovers()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        LogPosition position;
        await using (var log = await LogTesting.OpenAsync(directory.Path, io: io, unflushedCommitDelay: TimeSpan.FromMilliseconds(5)))
        {
            var flushesBefore = io.Flushes;
            var positions = new LogPosition[1];
            log.AppendUnflushed([new LogRecord(3, 7, LogTesting.Payload(1))], positions);
            position = positions[0];

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (log.CommittedPosition <= position && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            Assert.True(log.CommittedPosition > position, "the unflushed chunk was never flushed");
            Assert.Equal(flushesBefore + 1, io.Flushes);
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
        }

        var record = Assert.Single(handler.Records);
        Assert.Equal(position, record.Position);
        Assert.Equal(LogTesting.Payload(1), record.Payload);
    }

    [Fact]
    public async Task AppendUnflushed_ThenAWaitedAppend_BothGoToDiskInOneFlush()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        await using var log = await LogTesting.OpenAsync(directory.Path, io: io, unflushedCommitDelay: TimeSpan.FromHours(1));
        var flushesBefore = io.Flushes;

        var unflushed = new LogPosition[1];
        log.AppendUnflushed([new LogRecord(2, 1, LogTesting.Payload(2))], unflushed);
        await log.AppendAsync(3, 1, LogTesting.Payload(3));

        Assert.True(log.CommittedPosition > unflushed[0]);
        Assert.Equal(flushesBefore + 1, io.Flushes);
    }

    [Fact]
    public async Task FlushAsync_OnlyUnflushedChunksPending_FlushesThemWithoutWaitingForTheDelay()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path, unflushedCommitDelay: TimeSpan.FromHours(1));
        var positions = new LogPosition[1];
        log.AppendUnflushed([new LogRecord(1, 1, LogTesting.Payload(1), Retained: true)], positions);

        await log.FlushAsync().WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(log.CommittedPosition > positions[0]);
        Assert.Equal(LogTesting.Payload(1), (await log.ReadAsync(positions[0], TestContext.Current.CancellationToken)).Payload.ToArray());
    }

    [Fact]
    public async Task TryReadCommitted_RecordsNearAndFarAndLargerThanAReadWindow_ReadBackAsSingleReadsDo()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: 256 * 1024);
        var positions = new List<LogPosition>();
        for (var i = 0; i < 40; i++)
        {
            // Mostly small records close together, one of 100 KiB (past the 64 KiB read window), across files.
            positions.Add(await log.AppendAsync((byte)(i % 5), i, LogTesting.Payload(i, i == 17 ? 100 * 1024 : 40 + (i * 13))));
        }

        LogPosition[] wanted = [positions[3], positions[4], positions[5], positions[17], positions[18], positions[2], positions[39], positions[0]];
        var records = new StoredRecord[wanted.Length];

        Assert.True(log.TryReadCommitted(wanted, records));

        for (var i = 0; i < wanted.Length; i++)
        {
            var single = await log.ReadAsync(wanted[i], TestContext.Current.CancellationToken);
            Assert.Equal(single.Position, records[i].Position);
            Assert.Equal(single.Kind, records[i].Kind);
            Assert.Equal(single.Owner, records[i].Owner);
            Assert.Equal(single.Payload.ToArray(), records[i].Payload.ToArray());
        }
    }

    [Fact]
    public async Task TryReadCommitted_OneRecordNotYetDurable_ReturnsFalse()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        await using var log = await LogTesting.OpenAsync(directory.Path, io: io);
        var durable = await log.AppendAsync(1, 1, LogTesting.Payload(1));
        io.HoldFlushes = true;
        var pending = new LogPosition[1];
        var commit = log.AppendAndWaitForCommitAsync([new LogRecord(1, 2, LogTesting.Payload(2))], pending).AsTask();

        Assert.False(log.TryReadCommitted([durable, pending[0]], new StoredRecord[2]));

        io.HoldFlushes = false;
        await commit;
        Assert.True(log.TryReadCommitted([durable, pending[0]], new StoredRecord[2]));
    }
}

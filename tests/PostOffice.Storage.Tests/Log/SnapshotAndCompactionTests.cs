using PostOffice.Storage.Log;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Log;

public sealed class SnapshotAndCompactionTests
{
    private const int SegmentBytes = 4096;

    [Fact]
    public async Task Open_AfterSnapshot_RestoresStateAndReplaysOnlyLaterRecords()
    {
        using var directory = new TempDirectory();
        await using (var log = await LogTesting.OpenAsync(directory.Path))
        {
            for (var i = 0; i < 10; i++)
            {
                await log.AppendAsync(1, i, LogTesting.Payload(i));
            }

            await log.WriteSnapshotAsync(log.BeginSnapshot(), new byte[] { 42, 43 }, TestContext.Current.CancellationToken);
            for (var i = 10; i < 15; i++)
            {
                await log.AppendAsync(1, i, LogTesting.Payload(i));
            }
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
        }

        Assert.Equal(new byte[] { 42, 43 }, handler.RestoredState);
        Assert.Equal(Enumerable.Range(10, 5).Select(i => (long)i), handler.Records.Select(r => r.Owner));
    }

    [Fact]
    public async Task WriteSnapshot_OverDeadRecords_DeletesTheFilesNoSnapshotNeeds()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: SegmentBytes);
        await AppendManyAsync(log, 0, 100);
        var filesBefore = log.Segments.Count;

        // Two snapshots are kept, so the older one bounds what may go.
        await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);
        await AppendManyAsync(log, 100, 1);
        await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);

        Assert.True(filesBefore > 3);
        Assert.Single(log.Segments);
        Assert.Single(Directory.GetFiles(directory.Path, "*.wal"));
    }

    [Fact]
    public async Task Compact_FileHoldingARetainedRecord_IsKeptUntilReleased()
    {
        using var directory = new TempDirectory();
        LogPosition retained;
        await using (var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: SegmentBytes))
        {
            retained = await log.AppendAsync(2, 7, LogTesting.Payload(7, 100), retained: true);
            await AppendManyAsync(log, 0, 100);
            await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);
            await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);

            Assert.Equal(2, log.Segments.Count);
            Assert.Equal(LogTesting.Payload(7, 100), (await log.ReadAsync(retained, TestContext.Current.CancellationToken)).Payload.ToArray());
        }

        // After a restart the snapshot's reference is counted again, so the file still stays.
        var handler = new RecordingHandler();
        handler.RetainOnRestore.Add(retained);
        await using (var log = await LogTesting.OpenAsync(directory.Path, handler, segmentBytes: SegmentBytes))
        {
            await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);
            Assert.Equal(2, log.Segments.Count);
            Assert.Equal(LogTesting.Payload(7, 100), (await log.ReadAsync(retained, TestContext.Current.CancellationToken)).Payload.ToArray());

            log.Release(retained);

            // Not before a snapshot begun after the release is durable: the newest snapshot may still refer to it.
            await log.WriteSnapshotAsync(log.AppendedPosition, ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);
            Assert.Equal(2, log.Segments.Count);
            await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);
            Assert.Single(log.Segments);
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.ReadAsync(retained, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Release_BeforeTheAppendIsDurable_StillFreesTheFile()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: SegmentBytes);
        var positions = new LogPosition[1];

        var commit = log.AppendAndWaitForCommitAsync([new LogRecord(2, 7, LogTesting.Payload(7, 100), Retained: true)], positions);
        log.Release(positions[0]);
        await commit;
        await AppendManyAsync(log, 0, 100);
        await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);
        await log.WriteSnapshotAsync(log.BeginSnapshot(), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken);

        Assert.Single(log.Segments);
    }

    [Fact]
    public async Task Open_NewestSnapshotDamaged_FallsBackToTheOlderOne()
    {
        using var directory = new TempDirectory();
        await using (var log = await LogTesting.OpenAsync(directory.Path))
        {
            await AppendManyAsync(log, 0, 5);
            await log.WriteSnapshotAsync(log.BeginSnapshot(), new byte[] { 1 }, TestContext.Current.CancellationToken);
            await AppendManyAsync(log, 5, 5);
            await log.WriteSnapshotAsync(log.BeginSnapshot(), new byte[] { 2 }, TestContext.Current.CancellationToken);
        }

        var newest = Directory.GetFiles(Path.Combine(directory.Path, "snapshots"), "*.snapshot").Order().Last();
        var bytes = await File.ReadAllBytesAsync(newest, TestContext.Current.CancellationToken);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(newest, bytes, TestContext.Current.CancellationToken);

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
        }

        Assert.Equal(new byte[] { 1 }, handler.RestoredState);
        Assert.Equal(Enumerable.Range(5, 5).Select(i => (long)i), handler.Records.Select(r => r.Owner));
        Assert.True(File.Exists(newest + ".corrupt"));
    }

    [Fact]
    public async Task WriteSnapshot_BeyondAppendedPosition_Throws()
    {
        using var directory = new TempDirectory();
        await using var log = await LogTesting.OpenAsync(directory.Path);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await log.WriteSnapshotAsync(new LogPosition(10), ReadOnlyMemory<byte>.Empty, TestContext.Current.CancellationToken));
    }

    private static async Task AppendManyAsync(WriteAheadLog log, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            await log.AppendAsync(1, i, LogTesting.Payload(i, 100));
        }
    }
}

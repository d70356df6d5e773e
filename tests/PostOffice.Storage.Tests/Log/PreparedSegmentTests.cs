using PostOffice.Storage.Log;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Log;

/// <summary>Log files zero-filled ahead of use: the writer overwrites their zeros, recovery tells zeros from damage.</summary>
public sealed class PreparedSegmentTests
{
    private const long SegmentBytes = 64 * 1024;

    [Fact]
    public async Task Append_PastTheThreshold_MovesToZeroFilledFilesThatRecoverAndTakeMoreAppends()
    {
        using var directory = new TempDirectory();
        var (written, _) = await FillUntilTheActiveFileIsPreparedAsync(directory.Path);
        var active = Directory.GetFiles(directory.Path, "*.wal").Order().Last();
        Assert.Equal(SegmentBytes, new FileInfo(active).Length);

        // Reopened, the zeros stay as room to write (not cut as a torn tail) and every record is back.
        var handler = new RecordingHandler();
        await using (var log = await LogTesting.OpenAsync(directory.Path, handler, segmentBytes: SegmentBytes))
        {
            Assert.Equal(SegmentBytes, new FileInfo(active).Length);
            await log.AppendAsync(2, written, LogTesting.Payload(written));
        }

        Assert.Equal(Enumerable.Range(0, written).Select(i => (long)i), handler.Records.Select(record => record.Owner));
        var again = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, again, segmentBytes: SegmentBytes))
        {
        }

        Assert.Equal(written + 1, again.Records.Count);
        Assert.Equal(LogTesting.Payload(written), again.Records[^1].Payload);

        // Sealed files hold whole chunks only: a prepared file's unused zeros were cut when the log moved on.
        foreach (var sealedFile in Directory.GetFiles(directory.Path, "*.wal").Order().SkipLast(1))
        {
            var bytes = await File.ReadAllBytesAsync(sealedFile, TestContext.Current.CancellationToken);
            Assert.NotEqual(0, bytes[^1] | bytes[^2] | bytes[^3] | bytes[^4]);
        }
    }

    [Fact]
    public async Task Open_GarbageAmongThePreparedZeros_IsCutAsATornWriteAndNothingIsLost()
    {
        using var directory = new TempDirectory();
        var (written, end) = await FillUntilTheActiveFileIsPreparedAsync(directory.Path);
        var active = Directory.GetFiles(directory.Path, "*.wal").Order().Last();
        var dataEnd = end - long.Parse(Path.GetFileNameWithoutExtension(active), System.Globalization.CultureInfo.InvariantCulture);
        using (var stream = new FileStream(active, FileMode.Open))
        {
            stream.Position = dataEnd + 10;
            stream.Write([0xde, 0xad, 0xbe, 0xef]);
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler, segmentBytes: SegmentBytes))
        {
        }

        Assert.Equal(written, handler.Records.Count);
        Assert.Equal(dataEnd, new FileInfo(active).Length);
    }

    [Fact]
    public async Task Append_InAPreparedFile_WritesWholePagesPaddedWithTheZerosAlreadyThere()
    {
        using var directory = new TempDirectory();
        var (written, _) = await FillUntilTheActiveFileIsPreparedAsync(directory.Path);
        var active = Directory.GetFiles(directory.Path, "*.wal").Order().Last();
        var activeStart = long.Parse(Path.GetFileNameWithoutExtension(active), System.Globalization.CultureInfo.InvariantCulture);
        var io = new FaultyStorageIo();
        long end;
        await using (var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: SegmentBytes, io: io))
        {
            for (var i = 0; i < 5; i++)
            {
                await log.AppendAsync(1, written + i, LogTesting.Payload(written + i, 700 + (i * 333)));
            }

            end = log.CommittedPosition.Value;
        }

        var writes = io.Writes.Where(write => write.Path == active).ToList();
        Assert.Equal(5, writes.Count);
        Assert.All(writes, write => Assert.True((write.Offset + write.Length) % 4096 == 0, $"a write ending at {write.Offset + write.Length}"));
        var bytes = await File.ReadAllBytesAsync(active, TestContext.Current.CancellationToken);
        Assert.Equal(SegmentBytes, bytes.Length);
        Assert.Equal(-1, bytes.AsSpan((int)(end - activeStart)).IndexOfAnyExcept((byte)0));

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler, segmentBytes: SegmentBytes))
        {
        }

        Assert.Equal(written + 5, handler.Records.Count);
    }

    [Fact]
    public async Task Open_PreparedFileLeftOver_IsDeletedAndNeverReadAsLog()
    {
        using var directory = new TempDirectory();
        await using (var log = await LogTesting.OpenAsync(directory.Path))
        {
            await log.AppendAsync(1, 1, LogTesting.Payload(1));
        }

        var leftover = Path.Combine(directory.Path, WriteAheadLog.PreparedFileName);
        await File.WriteAllBytesAsync(leftover, LogTesting.Payload(2, 4096), TestContext.Current.CancellationToken);

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
            Assert.False(File.Exists(leftover));
        }

        Assert.Single(handler.Records);
    }

    /// <summary>
    /// Appends 1 KiB records one at a time until the log has moved to a prepared file (its active file is as large as
    /// a whole segment while holding less); returns how many records were written (their owners are 0, 1, ...) and
    /// the log's end position.
    /// </summary>
    private static async Task<(int Written, long End)> FillUntilTheActiveFileIsPreparedAsync(string directory)
    {
        var written = 0;
        await using var log = await LogTesting.OpenAsync(directory, segmentBytes: SegmentBytes);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await log.AppendAsync(1, written, LogTesting.Payload(written, 1024));
            written++;
            var files = Directory.GetFiles(directory, "*.wal").Order().ToArray();
            var activeStart = long.Parse(Path.GetFileNameWithoutExtension(files[^1]), System.Globalization.CultureInfo.InvariantCulture);
            if (written > 64 && files.Length > 1 && new FileInfo(files[^1]).Length == SegmentBytes && log.CommittedPosition.Value - activeStart < SegmentBytes / 2)
            {
                return (written, log.CommittedPosition.Value);
            }
        }

        throw new TimeoutException("The log never moved to a prepared file.");
    }
}

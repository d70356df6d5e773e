using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Log;

public sealed class RecoveryTests
{
    [Fact]
    public async Task Open_TornTailAtRandomOffsets_RecoversToTheLastWholeChunk()
    {
        using var source = new TempDirectory();
        var chunkEnds = await WriteChunksAsync(source.Path, count: 40);
        var file = Directory.GetFiles(source.Path, "*.wal").Single();
        var random = new Random(7);

        for (var trial = 0; trial < 60; trial++)
        {
            using var copy = CopyOf(source.Path);
            var cut = random.NextInt64(0, chunkEnds[^1]);
            using (var stream = new FileStream(Path.Combine(copy.Path, Path.GetFileName(file)), FileMode.Open))
            {
                stream.SetLength(cut);
            }

            var expected = chunkEnds.Count(end => end <= cut);
            await AssertRecoversAsync(copy.Path, expected, chunkEnds);
        }
    }

    [Fact]
    public async Task Open_ZeroFilledTailAtRandomOffsets_RecoversToTheLastWholeChunk()
    {
        using var source = new TempDirectory();
        var chunkEnds = await WriteChunksAsync(source.Path, count: 40);
        var file = Directory.GetFiles(source.Path, "*.wal").Single();
        var random = new Random(11);

        for (var trial = 0; trial < 60; trial++)
        {
            using var copy = CopyOf(source.Path);
            var from = random.NextInt64(0, chunkEnds[^1]);
            using (var stream = new FileStream(Path.Combine(copy.Path, Path.GetFileName(file)), FileMode.Open))
            {
                // Zeroes from the cut to past the old end, as a file system that allocated blocks but never wrote them.
                stream.Position = from;
                stream.Write(new byte[chunkEnds[^1] - from + random.Next(0, 8192)]);
            }

            var expected = chunkEnds.Count(end => end <= from);
            await AssertRecoversAsync(copy.Path, expected, chunkEnds);
        }
    }

    [Fact]
    public async Task Open_FlippedBitInSealedFile_FailsNamingTheFileAndOffset()
    {
        using var directory = new TempDirectory();
        var chunkStarts = new List<long>();
        await using (var log = await LogTesting.OpenAsync(directory.Path, segmentBytes: 4096))
        {
            for (var i = 0; i < 100; i++)
            {
                chunkStarts.Add((await log.AppendAsync(1, i, LogTesting.Payload(i, 200))).Value - PostOffice.Storage.Chunks.ChunkCodec.HeaderLength);
            }
        }

        var sealedFile = Directory.GetFiles(directory.Path, "*.wal").Order().First();
        var sealedLength = new FileInfo(sealedFile).Length;
        var random = new Random(3);
        var flipAt = random.NextInt64(0, sealedLength);
        var bytes = await File.ReadAllBytesAsync(sealedFile, TestContext.Current.CancellationToken);
        bytes[flipAt] ^= (byte)(1 << random.Next(8));
        await File.WriteAllBytesAsync(sealedFile, bytes, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<StorageCorruptionException>(() => LogTesting.OpenAsync(directory.Path, segmentBytes: 4096));

        var damagedChunk = chunkStarts.Last(start => start <= flipAt);
        Assert.Equal(sealedFile, error.Path);
        Assert.Equal(damagedChunk, error.Offset);
        Assert.Contains(Path.GetFileName(sealedFile), error.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {damagedChunk}", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(sealedFile, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Open_DamagedChunkFollowedByALaterFlushedWrite_FailsInsteadOfTruncating()
    {
        using var directory = new TempDirectory();
        await WriteChunksAsync(directory.Path, count: 10);
        var file = Directory.GetFiles(directory.Path, "*.wal").Single();
        var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        bytes[PostOffice.Storage.Chunks.ChunkCodec.HeaderLength + 20] ^= 0x10; // inside the first chunk's first record
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<StorageCorruptionException>(() => LogTesting.OpenAsync(directory.Path));

        Assert.Equal(0, error.Offset);
        Assert.Equal(bytes.Length, new FileInfo(file).Length);
    }

    /// <summary>Appends <paramref name="count"/> chunks one at a time (one write each); returns each chunk's end offset.</summary>
    private static async Task<long[]> WriteChunksAsync(string directory, int count)
    {
        var ends = new long[count];
        await using var log = await LogTesting.OpenAsync(directory);
        for (var i = 0; i < count; i++)
        {
            var records = Enumerable.Range(0, 1 + (i % 3)).Select(r => new LogRecord(1, i, LogTesting.Payload(i * 10 + r, 50 + i * 7))).ToArray();
            await log.AppendAndWaitForCommitAsync(records, new LogPosition[records.Length]);
            ends[i] = log.CommittedPosition.Value;
        }

        return ends;
    }

    private static async Task AssertRecoversAsync(string directory, int expectedChunks, long[] chunkEnds)
    {
        var handler = new RecordingHandler();
        await using (var log = await LogTesting.OpenAsync(directory, handler))
        {
            var end = expectedChunks == 0 ? 0 : chunkEnds[expectedChunks - 1];
            Assert.Equal(end, log.CommittedPosition.Value);

            // Cut back to the last whole chunk, or kept when only zeros follow it (room the writer then overwrites).
            var file = await File.ReadAllBytesAsync(Directory.GetFiles(directory, "*.wal").Single(), TestContext.Current.CancellationToken);
            Assert.True(file.Length >= end);
            Assert.True(file.AsSpan((int)end).IndexOfAnyExcept((byte)0) < 0, "non-zero bytes after the recovered end");
            await log.AppendAsync(9, 999, [1, 2, 3]);
        }

        Assert.Equal(Enumerable.Range(0, expectedChunks).Select(i => (long)i), handler.Records.Select(r => r.Owner).Distinct());
        var again = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory, again))
        {
        }

        Assert.Equal(handler.Records.Count + 1, again.Records.Count);
        Assert.Equal(999, again.Records[^1].Owner);
    }

    private static TempDirectory CopyOf(string source)
    {
        var copy = new TempDirectory();
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        }

        return copy;
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage.Log;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests;

public sealed class StorageEngineTests
{
    [Fact]
    public async Task Open_EmptyDirectory_IsWritableAndCreatesTheLayout()
    {
        using var directory = new TempDirectory();
        await using var engine = await OpenAsync(directory.Path);

        Assert.True(engine.IsWritable);
        Assert.Null(engine.Failure);
        Assert.True(File.Exists(Path.Combine(directory.Path, "catalog.db")));
        Assert.Single(Directory.GetFiles(Path.Combine(directory.Path, "wal"), "*.wal"));
    }

    [Fact]
    public async Task Open_DirectoryAlreadyOpen_FailsNamingTheLock()
    {
        using var directory = new TempDirectory();
        await using var engine = await OpenAsync(directory.Path);

        var error = await Assert.ThrowsAsync<IOException>(() => OpenAsync(directory.Path));

        Assert.Contains("in use by another postoffice process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsWritable_AfterFsyncFailure_IsFalse()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        await using var engine = await OpenAsync(directory.Path, io);
        io.FailFlushes = true;

        await Assert.ThrowsAsync<StorageFailedException>(async () => await engine.Log.AppendAndWaitForCommitAsync([new LogRecord(1, 1, new byte[] { 1 })], new LogPosition[1]));

        Assert.False(engine.IsWritable);
        Assert.IsType<StorageFailedException>(engine.Failure);
    }

    [Fact]
    public async Task Snapshot_AfterAppends_IsUsedByTheNextOpen()
    {
        using var directory = new TempDirectory();
        var handler = new RecordingHandler { StateToCapture = [5, 6, 7] };
        await using (var engine = await OpenAsync(directory.Path, handler: handler))
        {
            await engine.Log.AppendAndWaitForCommitAsync([new LogRecord(1, 1, new byte[] { 1 })], new LogPosition[1]);
            await engine.SnapshotAsync(TestContext.Current.CancellationToken);
        }

        var reopened = new RecordingHandler();
        await using (await OpenAsync(directory.Path, handler: reopened))
        {
        }

        Assert.Equal(new byte[] { 5, 6, 7 }, reopened.RestoredState);
        Assert.Empty(reopened.Records);
    }

    private static Task<StorageEngine> OpenAsync(string directory, FaultyStorageIo? io = null, ILogRecoveryHandler? handler = null) =>
        StorageEngine.OpenAsync(
            new StorageOptions { DataDirectory = directory, Io = io ?? (PostOffice.Storage.Io.IStorageIo)PostOffice.Storage.Io.PhysicalStorageIo.Instance },
            handler ?? NullRecoveryHandler.Instance,
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
}

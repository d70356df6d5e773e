using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage.Catalog;
using PostOffice.Storage.Log;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Log;

public sealed class CompositeRecoveryHandlerTests
{
    [Fact]
    public async Task Reopen_TwoEngines_EachGetsItsRecordsAndItsSnapshotSection()
    {
        using var directory = new TempDirectory();
        var queues = new FakeEngine("queues", 0x10, 0x1F) { Handler = { StateToCapture = [1, 2] } };
        var sessions = new FakeEngine("sessions", 0x20, 0x2F) { Handler = { StateToCapture = [3, 4, 5] } };
        await using (var engine = await OpenAsync(directory.Path, queues, sessions))
        {
            await engine.Log.AppendAndWaitForCommitAsync([new LogRecord(0x11, 1, new byte[] { 9 })], new LogPosition[1]);
            await engine.SnapshotAsync(TestContext.Current.CancellationToken);
            await engine.Log.AppendAndWaitForCommitAsync(
                [new LogRecord(0x12, 1, new byte[] { 7 }), new LogRecord(0x21, 2, new byte[] { 8 })], new LogPosition[2]);
        }

        var queues2 = new FakeEngine("queues", 0x10, 0x1F);
        var sessions2 = new FakeEngine("sessions", 0x20, 0x2F);
        await using (var engine = await OpenAsync(directory.Path, queues2, sessions2))
        {
            Assert.Same(engine.Log, queues2.AttachedLog);
            Assert.Same(engine.Log, sessions2.AttachedLog);
        }

        Assert.Equal(new byte[] { 1, 2 }, queues2.Handler.RestoredState);
        Assert.Equal(new byte[] { 3, 4, 5 }, sessions2.Handler.RestoredState);
        Assert.Equal([(byte)0x12], queues2.Handler.Records.Select(r => r.Kind));
        Assert.Equal([(byte)0x21], sessions2.Handler.Records.Select(r => r.Kind));
    }

    [Fact]
    public async Task Reopen_RecordNoEngineOwns_IsReportedAsCorruption()
    {
        using var directory = new TempDirectory();
        await using (var engine = await OpenAsync(directory.Path, new FakeEngine("queues", 0x10, 0x1F)))
        {
            await engine.Log.AppendAndWaitForCommitAsync([new LogRecord(0x40, 1, new byte[] { 9 })], new LogPosition[1]);
        }

        var error = await Assert.ThrowsAsync<StorageCorruptionException>(() => OpenAsync(directory.Path, new FakeEngine("queues", 0x10, 0x1F)));
        Assert.Contains("0x40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reopen_SnapshotSectionNoEngineReads_IsReportedAsCorruption()
    {
        using var directory = new TempDirectory();
        await using (var engine = await OpenAsync(directory.Path, new FakeEngine("queues", 0x10, 0x1F), new FakeEngine("topics", 0x30, 0x3F)))
        {
            await engine.Log.AppendAndWaitForCommitAsync([new LogRecord(0x11, 1, new byte[] { 9 })], new LogPosition[1]);
            await engine.SnapshotAsync(TestContext.Current.CancellationToken);
        }

        var error = await Assert.ThrowsAsync<StorageCorruptionException>(() => OpenAsync(directory.Path, new FakeEngine("queues", 0x10, 0x1F)));
        Assert.Contains("'topics'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TwoEnginesWithOneSectionName_Throws()
    {
        var a = new FakeEngine("queues", 0x10, 0x1F);
        var b = new FakeEngine("queues", 0x20, 0x2F);

        Assert.Throws<ArgumentException>(() => new CompositeRecoveryHandler([(a, a.Handler), (b, b.Handler)]));
    }

    private static async Task<StorageEngine> OpenAsync(string directory, params ILogEngine[] engines)
    {
        var storage = await StorageEngine.OpenAsync(
            new StorageOptions { DataDirectory = directory },
            (catalog, ct) => CompositeRecoveryHandler.LoadAsync(engines, catalog, ct),
            NullLoggerFactory.Instance,
            TestContext.Current.CancellationToken);
        foreach (var engine in engines)
        {
            engine.Attach(storage.Log);
        }

        return storage;
    }

    private sealed class FakeEngine(string section, byte firstKind, byte lastKind) : ILogEngine
    {
        public RecordingHandler Handler { get; } = new();

        public IWriteAheadLog? AttachedLog { get; private set; }

        public string SnapshotSection => section;

        public bool OwnsRecordKind(byte kind) => kind >= firstKind && kind <= lastKind;

        public Task<ILogRecoveryHandler> LoadAsync(ICatalog catalog, CancellationToken cancellationToken) =>
            Task.FromResult<ILogRecoveryHandler>(Handler);

        public void Attach(IWriteAheadLog log) => AttachedLog = log;
    }
}

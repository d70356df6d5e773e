using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage.Log;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Log;

public sealed class FailureTests
{
    [Fact]
    public async Task Append_WhenFsyncFails_FailsAndEveryLaterAppendFailsToo()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        var acknowledged = new List<long>();
        await using (var log = await LogTesting.OpenAsync(directory.Path, io: io))
        {
            for (var i = 0; i < 10; i++)
            {
                await log.AppendAsync(1, i, LogTesting.Payload(i));
                acknowledged.Add(i);
            }

            io.FailFlushes = true;
            var failed = await Assert.ThrowsAsync<StorageFailedException>(() => log.AppendAsync(1, 10, LogTesting.Payload(10)));
            Assert.IsType<IOException>(failed.InnerException);

            // Sticky: even with the disk healthy again, nothing more is accepted or acknowledged.
            io.FailFlushes = false;
            var flushesBefore = io.Flushes;
            for (var i = 11; i < 20; i++)
            {
                await Assert.ThrowsAsync<StorageFailedException>(() => log.AppendAsync(1, i, LogTesting.Payload(i)));
            }

            Assert.Equal(flushesBefore, io.Flushes);
            Assert.NotNull(log.Failure);
            await Assert.ThrowsAsync<StorageFailedException>(() => log.FlushAsync());
        }

        var handler = new RecordingHandler();
        await using (await LogTesting.OpenAsync(directory.Path, handler))
        {
        }

        // Everything acknowledged is there; the failed append may or may not be (it was never acknowledged).
        Assert.Equal(acknowledged, handler.Records.Select(r => r.Owner).Take(acknowledged.Count));
        Assert.InRange(handler.Records.Count, acknowledged.Count, acknowledged.Count + 1);
    }

    [Fact]
    public async Task Append_WhenWriterThreadStartedThrew_FailsWithThatCause()
    {
        using var directory = new TempDirectory();
        var options = new WriteAheadLogOptions
        {
            Directory = directory.Path,
            WriterThreadStarted = () => throw new InvalidOperationException("no scheduling for you"),
        };
        await using var log = await WriteAheadLog.OpenAsync(options, new RecordingHandler(), NullLogger.Instance, TestContext.Current.CancellationToken);

        var failed = await Assert.ThrowsAsync<StorageFailedException>(() => log.AppendAsync(1, 1, LogTesting.Payload(1)));

        Assert.IsType<InvalidOperationException>(failed.InnerException);
        Assert.Same(failed, log.Failure);
    }

    [Fact]
    public async Task Append_ConcurrentAppendersWhenFsyncFails_NoneIsAcknowledgedAfterTheFailure()
    {
        using var directory = new TempDirectory();
        var io = new FaultyStorageIo();
        await using var log = await LogTesting.OpenAsync(directory.Path, io: io);
        await log.AppendAsync(1, 0, LogTesting.Payload(0));
        io.FailFlushes = true;

        var appends = Enumerable.Range(1, 100).Select(i => log.AppendAsync(1, i, LogTesting.Payload(i))).ToList();

        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<StorageFailedException>(() => append);
        }
    }
}

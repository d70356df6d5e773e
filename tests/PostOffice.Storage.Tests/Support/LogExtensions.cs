using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Storage.Log;

namespace PostOffice.Storage.Tests.Support;

public static class LogTesting
{
    public static Task<WriteAheadLog> OpenAsync(
        string directory, ILogRecoveryHandler? handler = null, long segmentBytes = 64L * 1024 * 1024, FaultyStorageIo? io = null, TimeSpan? unflushedCommitDelay = null) =>
        WriteAheadLog.OpenAsync(
            new WriteAheadLogOptions
            {
                Directory = directory,
                SegmentBytes = segmentBytes,
                Io = io ?? (PostOffice.Storage.Io.IStorageIo)PostOffice.Storage.Io.PhysicalStorageIo.Instance,
                UnflushedCommitDelay = unflushedCommitDelay ?? TimeSpan.FromMilliseconds(20),
            },
            handler ?? new RecordingHandler(),
            NullLogger.Instance,
            TestContext.Current.CancellationToken);

    public static async Task<LogPosition> AppendAsync(this WriteAheadLog log, byte kind, long owner, byte[] payload, bool retained = false)
    {
        var positions = new LogPosition[1];
        await log.AppendAndWaitForCommitAsync([new LogRecord(kind, owner, payload, retained)], positions);
        return positions[0];
    }

    public static byte[] Payload(int i, int length = 64)
    {
        var payload = new byte[length];
        new Random(i).NextBytes(payload);
        BitConverter.TryWriteBytes(payload, i);
        return payload;
    }
}

using PostOffice.Storage.Io;

namespace PostOffice.Storage.Log;

/// <summary>
/// Zero-filled log files prepared ahead of use. Overwriting blocks that are already allocated, written and flushed
/// costs <c>fdatasync</c> no block allocation and no size change: here 149-159 µs per 8 KiB commit against 291-348
/// µs when appending, and about half the CPU (see <c>docs/storage.md</c>). A background task fills the next file
/// with zeros while the active one is in use; the writer rolls to it when the active file is full, or at once when
/// the active file is an appended one (after a start, or when preparing failed).
/// </summary>
public sealed partial class WriteAheadLog
{
    /// <summary>The prepared file's name: no <c>.wal</c>, so recovery never takes it for part of the log.</summary>
    internal const string PreparedFileName = "next-segment.prepared";

    /// <summary>An appended active file this large shows real traffic: only then is a file prepared.</summary>
    private const long PrepareAfterBytes = 1024 * 1024;

    private readonly object _prepareGate = new();

    // Guarded by _prepareGate.
    private Task? _preparing;
    private bool _prepared;
    private bool _preparationFailed;

    private string PreparedPath => Path.Combine(_options.Directory, PreparedFileName);

    /// <summary>Writer thread, after a batch: rolls to a prepared file if it is time, else starts preparing one if needed.</summary>
    private void RollOrPrepare(LogSegment segment)
    {
        bool ready;
        lock (_prepareGate)
        {
            ready = _prepared;
            var wanted = _options.PrepareSegments && !_preparationFailed && _preparing is null && !_prepared && !_closing
                && (segment.Preallocated || segment.Length >= Math.Min(PrepareAfterBytes, _options.SegmentBytes / 2));
            if (wanted)
            {
                _preparing = Task.Factory.StartNew(Prepare, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        if (segment.Length >= _options.SegmentBytes || (ready && !segment.Preallocated))
        {
            RollSegment(segment);
        }
    }

    /// <summary>Takes the prepared file under <paramref name="path"/>, or returns false when none is ready.</summary>
    private bool TakePrepared(string path)
    {
        lock (_prepareGate)
        {
            if (!_prepared)
            {
                return false;
            }

            _prepared = false;
        }

        _options.Io.Move(PreparedPath, path);
        return true;
    }

    private void Prepare()
    {
        var path = PreparedPath;
        try
        {
            _options.Io.CreateZeroFilled(path, _options.SegmentBytes);

            lock (_prepareGate)
            {
                _prepared = true;
                _preparing = null;
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Nothing depends on a prepared file: the log goes on appending, and stops trying (a full disk says so
            // to the writer soon enough).
            StorageLog.PreparationFailed(_logger, path, exception);
            DeletePrepared();
            lock (_prepareGate)
            {
                _preparationFailed = true;
                _preparing = null;
            }
        }
    }

    /// <summary>At open and close: a prepared file left over is never part of the log.</summary>
    private void DeletePrepared()
    {
        try
        {
            if (File.Exists(PreparedPath))
            {
                _options.Io.Delete(PreparedPath);
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Waits for a preparation under way, then removes its file (at close).</summary>
    private async Task StopPreparingAsync()
    {
        Task? preparing;
        lock (_prepareGate)
        {
            preparing = _preparing;
        }

        if (preparing is not null)
        {
            await preparing.ConfigureAwait(false);
        }

        DeletePrepared();
    }

    /// <summary>True when every byte of the file from <paramref name="offset"/> on is zero: prepared space, not damage.</summary>
    private static bool IsZeroFrom(SegmentReader reader, long offset)
    {
        const int Window = 1024 * 1024;
        for (var at = offset; at < reader.FileLength; at += Window)
        {
            if (reader.Read(at, Window).IndexOfAnyExcept((byte)0) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}

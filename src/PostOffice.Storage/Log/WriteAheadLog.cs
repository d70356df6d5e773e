using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PostOffice.Storage.Chunks;
using PostOffice.Storage.Snapshots;

namespace PostOffice.Storage.Log;

/// <summary>
/// The write-ahead log on local files, with group commit: appenders encode their chunk into a shared pending
/// buffer; one writer thread writes everything pending with one write and one fdatasync, then completes every
/// appender of that batch at once. A batch closes when the previous flush returns and about as many chunks as the
/// previous batch had are pending (or ~1 ms has passed), so batches grow with load and a lone appender never waits.
/// Chunks nobody waits for (<see cref="AppendUnflushed"/>) do not start a batch: they ride with the next one, or
/// start their own after <see cref="WriteAheadLogOptions.UnflushedCommitDelay"/>.
/// </summary>
/// <remarks>
/// Lock order: <c>_gate</c> is never held while taking another lock or doing I/O. The writer thread owns the active
/// segment's file and <see cref="LogSegment.Length"/>; everyone else reads segments through the copy-on-write
/// <c>_segments</c> array. See <c>docs/storage.md</c> for the file format and the recovery rules.
/// </remarks>
public sealed partial class WriteAheadLog : IWriteAheadLog, IAsyncDisposable
{
    private const int InitialBufferBytes = 1024 * 1024;
    private const int PageBytes = 4096;

    private readonly WriteAheadLogOptions _options;
    private readonly ILogger _logger;
    private readonly SnapshotStore _snapshots;
    private readonly object _gate = new();
    private readonly object _segmentsGate = new();
    private readonly object _releaseGate = new();
    private readonly Dictionary<LogSegment, long> _releasesSinceSnapshotBegan = [];
    private readonly Dictionary<LogSegment, long> _releasesBeforeSnapshot = [];
    private long _releaseEpoch;
    private readonly SemaphoreSlim _snapshotGate = new(1, 1);
    private readonly TaskCompletionSource _writerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WriteAheadLogStatistics _statistics = new();

    // Guarded by _gate.
    private byte[] _pending = new byte[InitialBufferBytes];
    private byte[]? _spare = new byte[InitialBufferBytes];
    private int _pendingLength;
    private int _pendingRetained;
    private TaskCompletionSource _pendingCommit = NewCommit();
    private TaskCompletionSource? _inFlightCommit;
    private long _appended;
    private bool _writerWaiting;
    private bool _writerLingering;
    private int _pendingChunks; // chunks whose appenders wait for the commit; unflushed ones are not counted
    private bool _pendingWaitedFor;
    private int _lastCompletedChunks;
    private int _pendingAtCompletion;
    private int _lingerTarget;
    private int _blockedAppenders;
    private bool _closing;
    private List<(LogPosition Position, long Epoch)> _pendingReleases = [];

    private volatile StorageFailedException? _failure;
    private long _committed;
    private LogSegment[] _segments = [];
    private LogSegment _active = null!;
    private Thread? _writer;

    private WriteAheadLog(WriteAheadLogOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _snapshots = new SnapshotStore(Path.Combine(options.Directory, "snapshots"), options.Io, options.SnapshotsToKeep);
    }

    public LogPosition AppendedPosition
    {
        get
        {
            lock (_gate)
            {
                return new LogPosition(_appended);
            }
        }
    }

    public LogPosition CommittedPosition => new(Volatile.Read(ref _committed));

    public Exception? Failure => _failure;

    /// <summary>Counters for benchmarks and metrics; read without locking, so each value is only roughly in step.</summary>
    public WriteAheadLogStatistics Statistics => _statistics;

    internal string SnapshotDirectory => _snapshots.Directory;

    /// <summary>The files currently making up the log, oldest first.</summary>
    internal IReadOnlyList<LogSegment> Segments => Volatile.Read(ref _segments);

    public ValueTask AppendAndWaitForCommitAsync(ReadOnlySpan<LogRecord> records, Span<LogPosition> positions) =>
        Append(records, positions, waitedFor: true);

    public void AppendUnflushed(ReadOnlySpan<LogRecord> records, Span<LogPosition> positions = default)
    {
        var appended = Append(records, positions, waitedFor: false);
        if (appended.IsFaulted)
        {
            appended.GetAwaiter().GetResult();
        }
    }

    /// <summary>Appends one chunk; an unflushed append (<paramref name="waitedFor"/> false) may pass no positions.</summary>
    private ValueTask Append(ReadOnlySpan<LogRecord> records, Span<LogPosition> positions, bool waitedFor)
    {
        if (positions.Length < records.Length && (waitedFor || !positions.IsEmpty))
        {
            ThrowHelper.ThrowArgument("There must be room for one position per record.", nameof(positions));
        }

        var length = ChunkCodec.GetEncodedLength(records);
        Span<int> offsets = records.Length <= 128 ? stackalloc int[records.Length] : new int[records.Length];
        Task commit;
        long chunkStart;
        lock (_gate)
        {
            while (true)
            {
                if (_failure is { } failure)
                {
                    return ValueTask.FromException(failure);
                }

                if (_closing)
                {
                    ThrowHelper.ThrowObjectDisposed(nameof(WriteAheadLog));
                }

                if (_pendingLength == 0 || _pendingLength + length <= _options.MaxPendingBytes)
                {
                    break;
                }

                // Backpressure: the disk is behind by MaxPendingBytes; wait until the writer takes the buffer (at
                // once, even when only unflushed chunks are pending).
                _pendingWaitedFor = true;
                Monitor.PulseAll(_gate);
                _blockedAppenders++;
                Monitor.Wait(_gate);
                _blockedAppenders--;
            }

            EnsurePendingCapacityLocked(length);
            chunkStart = _appended;
            ChunkCodec.Encode(records, _pendingLength, _pending.AsSpan(_pendingLength, length), offsets);
            _pendingLength += length;
            _appended += length;
            _statistics.RecordAppend(records.Length);
            foreach (ref readonly var record in records)
            {
                _pendingRetained += record.Retained ? 1 : 0;
            }

            commit = _pendingCommit.Task;
            if (waitedFor)
            {
                _pendingChunks++;
                _pendingWaitedFor = true;
                if (_writerWaiting || (_writerLingering && _pendingChunks >= _lingerTarget))
                {
                    Monitor.PulseAll(_gate);
                }
            }
            else if (_writerWaiting && _pendingLength == length)
            {
                // The writer waits for any data without a time limit: have it start the unflushed chunk's delay.
                Monitor.PulseAll(_gate);
            }
        }

        for (var i = 0; i < positions.Length && i < records.Length; i++)
        {
            positions[i] = new LogPosition(chunkStart + offsets[i]);
        }

        return new ValueTask(commit);
    }

    /// <summary>Completes once everything appended before the call is durable.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                return Task.FromException(failure);
            }

            if (_pendingLength > 0)
            {
                // Unflushed chunks alone do not wake the writer; a flush must.
                _pendingWaitedFor = true;
                if (_writerWaiting)
                {
                    Monitor.PulseAll(_gate);
                }

                return _pendingCommit.Task;
            }

            return _inFlightCommit?.Task ?? Task.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
            Monitor.PulseAll(_gate);
        }

        if (_writer is not null)
        {
            await _writerExited.Task.ConfigureAwait(false);
        }

        await StopPreparingAsync().ConfigureAwait(false);

        foreach (var segment in Volatile.Read(ref _segments))
        {
            segment.File.Dispose();
        }

        _snapshotGate.Dispose();
        StorageLog.Closed(_logger, _options.Directory, _appended);
    }

    private static TaskCompletionSource NewCommit() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void EnsurePendingCapacityLocked(int length)
    {
        Debug.Assert(Monitor.IsEntered(_gate));
        var needed = _pendingLength + length;
        if (needed <= _pending.Length)
        {
            return;
        }

        var grown = new byte[Math.Max(needed, _pending.Length * 2)];
        _pending.AsSpan(0, _pendingLength).CopyTo(grown);
        _pending = grown;
    }

    private void StartWriter()
    {
        _writer = new Thread(WriterLoop)
        {
            IsBackground = true,
            Name = "postoffice-wal-writer",
            Priority = ThreadPriority.AboveNormal,
        };
        _writer.Start();
    }

    private void WriterLoop()
    {
        try
        {
            try
            {
                _options.WriterThreadStarted?.Invoke();
            }
            catch (Exception ex)
            {
                Fail(ex, null);
                return;
            }

            while (TakeBatch(out var buffer, out var length, out var retained, out var chunks, out var commit))
            {
                var segment = _active;
                try
                {
                    segment.File.Write(buffer.AsSpan(0, WholePages(segment, buffer, length)), segment.Length);
                    segment.File.FlushToDisk();
                }
                catch (Exception ex)
                {
                    Fail(ex, commit);
                    return;
                }

                segment.Length += length;
                segment.AdjustRetained(retained);
                _statistics.RecordCommit(length);
                lock (_gate)
                {
                    Volatile.Write(ref _committed, segment.End);
                    _lastCompletedChunks = chunks;
                    _pendingAtCompletion = _pendingChunks;
                    _spare = buffer;
                    _inFlightCommit = null;
                    ApplyPendingReleasesLocked(segment);
                }

                commit.TrySetResult();

                try
                {
                    RollOrPrepare(segment);
                }
                catch (Exception ex)
                {
                    Fail(ex, null);
                    return;
                }
            }
        }
        finally
        {
            _writerExited.TrySetResult();
        }
    }

    /// <summary>
    /// How much of <paramref name="buffer"/> to write: in a prepared file, the batch and then zeros (which the file
    /// holds there anyway) up to the end of its last page. Prepared files are filled without the page cache, and a
    /// write that starts a page but does not fill it makes the kernel read that page from the device first.
    /// </summary>
    private static int WholePages(LogSegment segment, byte[] buffer, int length)
    {
        if (!segment.Preallocated)
        {
            return length;
        }

        var end = segment.Length + length;
        var pageEnd = Math.Min((end + PageBytes - 1) / PageBytes * PageBytes, segment.PreallocatedBytes);
        var padding = (int)Math.Max(pageEnd - end, 0);
        if (length + padding > buffer.Length)
        {
            return length;
        }

        buffer.AsSpan(length, padding).Clear();
        return length + padding;
    }

    /// <summary>Waits for appended bytes and takes them all; false once the log is closing and drained.</summary>
    private bool TakeBatch(out byte[] buffer, out int length, out int retained, out int chunks, out TaskCompletionSource commit)
    {
        lock (_gate)
        {
            // Only unflushed chunks pending: they wait for a commit to ride with, or for the delay to pass.
            while (!_pendingWaitedFor && !_closing && _failure is null)
            {
                _writerWaiting = true;
                var pulsed = _pendingLength == 0 ? Monitor.Wait(_gate) : Monitor.Wait(_gate, _options.UnflushedCommitDelay);
                _writerWaiting = false;
                if (!pulsed)
                {
                    break;
                }
            }

            // Linger: the appenders the last flush completed are only now resuming on the thread pool; taking the
            // batch at once would leave them for the next flush, so appenders would split into two cohorts that
            // alternate, each waiting two flushes. So wait until three quarters of the active appenders have
            // appended: those just completed plus those that appended during the flush (the other cohort; not those
            // appended since, which are the completed ones coming back). Never longer than ~1 ms (Monitor.Wait's
            // granularity). A lone appender gives 1 * 3 / 4 = 0 chunks: it never waits.
            _lingerTarget = (_lastCompletedChunks + _pendingAtCompletion) * 3 / 4;
            if (_pendingWaitedFor && _pendingChunks < _lingerTarget && !_closing && _failure is null)
            {
                _writerLingering = true;
                Monitor.Wait(_gate, 1);
                _writerLingering = false;
            }

            if (_pendingLength == 0 || _failure is not null)
            {
                buffer = [];
                length = 0;
                retained = 0;
                chunks = 0;
                commit = null!;
                return false;
            }

            buffer = _pending;
            length = _pendingLength;
            retained = _pendingRetained;
            commit = _pendingCommit;
            _inFlightCommit = commit;
            _pending = _spare ?? new byte[InitialBufferBytes];
            _spare = null;
            chunks = _pendingChunks;
            _pendingLength = 0;
            _pendingRetained = 0;
            _pendingChunks = 0;
            _pendingWaitedFor = false;
            _pendingCommit = NewCommit();
            if (_blockedAppenders > 0)
            {
                Monitor.PulseAll(_gate);
            }

            return true;
        }
    }

    /// <summary>Files the releases of records that were still waiting for the disk when released.</summary>
    private void ApplyPendingReleasesLocked(LogSegment written)
    {
        Debug.Assert(Monitor.IsEntered(_gate));
        if (_pendingReleases.Count == 0)
        {
            return;
        }

        var stillPending = new List<(LogPosition, long)>();
        foreach (var (position, epoch) in _pendingReleases)
        {
            if (position.Value < _committed)
            {
                DeferRelease(written, epoch); // positions released while pending all lie in the batch just written
            }
            else
            {
                stillPending.Add((position, epoch));
            }
        }

        _pendingReleases = stillPending;
    }

    private void RollSegment(LogSegment full)
    {
        // A sealed file holds whole chunks only: a prepared file's unused zeros go, durably, before the next file exists.
        if (full.Preallocated && full.File.Length > full.Length)
        {
            full.File.Truncate(full.Length);
            full.File.FlushToDisk();
        }

        var path = Path.Combine(_options.Directory, LogSegment.FileName(full.End));
        var preallocated = TakePrepared(path);
        var next = new LogSegment(full.End, _options.Io.Open(path, create: !preallocated));
        next.PreallocatedBytes = preallocated ? next.File.Length : 0;
        _options.Io.FlushDirectory(_options.Directory);
        lock (_segmentsGate)
        {
            _segments = [.. _segments, next];
        }

        _active = next;
        StorageLog.SegmentRolled(_logger, full.File.Path, full.Length);
    }

    /// <summary>Makes the failure sticky and fails every appender still waiting: none of them may be acknowledged.</summary>
    private void Fail(Exception exception, TaskCompletionSource? inFlight)
    {
        StorageFailedException failure;
        TaskCompletionSource pending;
        lock (_gate)
        {
            failure = _failure ??= new StorageFailedException(
                $"The write-ahead log in '{_options.Directory}' stopped after an I/O failure and accepts no more writes: {exception.Message}",
                exception);
            pending = _pendingCommit;
            _pendingLength = 0;
            _pendingChunks = 0;
            _pendingWaitedFor = false;
            _inFlightCommit = null;
            Monitor.PulseAll(_gate);
        }

        StorageLog.WriterFailed(_logger, _options.Directory, exception);
        inFlight?.TrySetException(failure);
        pending.TrySetException(failure);
    }
}

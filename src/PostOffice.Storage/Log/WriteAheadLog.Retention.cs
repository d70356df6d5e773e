using System.Buffers;
using PostOffice.Storage.Chunks;

namespace PostOffice.Storage.Log;

public sealed partial class WriteAheadLog
{
    // TryReadCommitted reads records that lie close together with one read of at most ReadWindowBytes, sized to reach
    // the furthest of them plus ReadWindowRecordBytes for that record itself.
    private const int ReadWindowBytes = 64 * 1024;
    private const int ReadWindowRecordBytes = 4 * 1024;

    /// <remarks>May be called before the append that wrote the record has completed.</remarks>
    public void Release(LogPosition position) => AdjustRetained(position, -1);

    /// <summary>
    /// Reads the record at <paramref name="position"/>. A record appended but not yet durable is read once its commit
    /// completes: the engines make a record's effect visible as they append it, so a reader may get there first.
    /// </summary>
    public ValueTask<StoredRecord> ReadAsync(LogPosition position, CancellationToken cancellationToken = default)
    {
        if (FindSegment(position) is { } segment)
        {
            return ValueTask.FromResult(Read(segment, position));
        }

        return position.Value < AppendedPosition.Value ? ReadOnceCommittedAsync(position, cancellationToken) : throw NotCommitted(position);
    }

    public bool TryReadCommitted(ReadOnlySpan<LogPosition> positions, Span<StoredRecord> records)
    {
        if (records.Length < positions.Length)
        {
            ThrowHelper.ThrowArgument("There must be room for one record per position.", nameof(records));
        }

        var window = ArrayPool<byte>.Shared.Rent(ReadWindowBytes);
        try
        {
            LogSegment? windowSegment = null;
            long windowStart = 0;
            var windowLength = 0;
            for (var i = 0; i < positions.Length; i++)
            {
                if (FindSegment(positions[i]) is not { } segment)
                {
                    return false;
                }

                var offset = positions[i].Value - segment.Start;
                if (segment != windowSegment || offset < windowStart || offset + ChunkCodec.RecordHeaderLength > windowStart + windowLength)
                {
                    windowSegment = segment;
                    windowStart = offset;
                    var length = (int)Math.Min(WindowLength(positions[i..], segment), segment.Length - offset);
                    windowLength = segment.File.Read(window.AsSpan(0, length), offset);
                }

                var at = (int)(offset - windowStart);
                byte kind = 0;
                long owner = 0;
                var payloadLength = windowLength - at >= ChunkCodec.RecordHeaderLength
                    ? ChunkCodec.ReadRecordHeader(window.AsSpan(at, ChunkCodec.RecordHeaderLength), out kind, out owner)
                    : -1;
                if (payloadLength < 0 || offset + ChunkCodec.RecordHeaderLength + payloadLength > segment.Length)
                {
                    records[i] = Read(segment, positions[i]); // reports the damage exactly as a single read does
                    continue;
                }

                var payloadAt = at + ChunkCodec.RecordHeaderLength;
                records[i] = payloadAt + payloadLength <= windowLength
                    ? new StoredRecord(positions[i], kind, owner, window.AsSpan(payloadAt, payloadLength).ToArray())
                    : Read(segment, positions[i]);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
        }

        return true;
    }

    /// <summary>
    /// How much a read window starting at <paramref name="positions"/>[0] needs: up to the furthest of the following
    /// positions it can reach in the same file, plus room for that record (one larger falls back to a single read).
    /// </summary>
    private static long WindowLength(ReadOnlySpan<LogPosition> positions, LogSegment segment)
    {
        var start = positions[0].Value;
        var furthest = start;
        foreach (var position in positions[1..])
        {
            if (position.Value > furthest && position.Value < Math.Min(segment.End, start + ReadWindowBytes - ReadWindowRecordBytes))
            {
                furthest = position.Value;
            }
        }

        return furthest - start + ReadWindowRecordBytes;
    }

    private async ValueTask<StoredRecord> ReadOnceCommittedAsync(LogPosition position, CancellationToken cancellationToken)
    {
        await FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return Read(FindSegment(position) ?? throw NotCommitted(position), position);
    }

    private static StoredRecord Read(LogSegment segment, LogPosition position)
    {
        var offset = position.Value - segment.Start;
        Span<byte> header = stackalloc byte[ChunkCodec.RecordHeaderLength];
        var payloadLength = segment.File.Read(header, offset) == header.Length
            ? ChunkCodec.ReadRecordHeader(header, out var kind, out var owner)
            : throw new StorageCorruptionException(segment.File.Path, offset, "the record header is cut short");
        if (payloadLength < 0 || offset + header.Length + payloadLength > segment.Length)
        {
            throw new StorageCorruptionException(segment.File.Path, offset, "the record header does not describe a record here; the position is not a record's start");
        }

        var payload = new byte[payloadLength];
        if (segment.File.Read(payload, offset + header.Length) != payloadLength)
        {
            throw new StorageCorruptionException(segment.File.Path, offset, "the record is cut short");
        }

        return new StoredRecord(position, kind, owner, payload);
    }

    private static ArgumentOutOfRangeException NotCommitted(LogPosition position) =>
        new(nameof(position), position, "No record is at this position: it was never written or its file was compacted.");

    public async ValueTask WriteSnapshotAsync(LogPosition replayFrom, ReadOnlyMemory<byte> state, CancellationToken cancellationToken = default)
    {
        if (replayFrom > AppendedPosition)
        {
            throw new ArgumentOutOfRangeException(nameof(replayFrom), replayFrom, "A snapshot cannot cover records not yet appended.");
        }

        // A snapshot must never point past durable data: a torn tail cut back below it would make recovery skip
        // records appended after the crash.
        await FlushAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _snapshotGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _snapshots.Write(replayFrom, state.Span);
            StorageLog.SnapshotWritten(_logger, replayFrom.Value, state.Length);
            ApplyReleasesBeforeSnapshot();
            CompactLocked();
        }
        finally
        {
            _snapshotGate.Release();
        }
    }

    public LogPosition BeginSnapshot()
    {
        lock (_releaseGate)
        {
            foreach (var (segment, count) in _releasesSinceSnapshotBegan)
            {
                _releasesBeforeSnapshot[segment] = _releasesBeforeSnapshot.GetValueOrDefault(segment) + count;
            }

            _releasesSinceSnapshotBegan.Clear();
            _releaseEpoch++;
        }

        return AppendedPosition;
    }

    /// <summary>
    /// Counts a reference up at once (recovery re-counting a snapshot's references), or files a release to take
    /// effect after the next snapshot (see <see cref="BeginSnapshot"/>).
    /// </summary>
    internal void AdjustRetained(LogPosition position, long delta)
    {
        var epoch = Volatile.Read(ref _releaseEpoch);
        if (delta < 0 && position.Value >= Volatile.Read(ref _committed))
        {
            lock (_gate)
            {
                if (position.Value >= _committed && position.Value < _appended)
                {
                    // Still waiting for the disk: the writer files it once it has written (and counted) the batch.
                    _pendingReleases.Add((position, epoch));
                    return;
                }
            }
        }

        var segment = FindSegment(position)
            ?? throw new InvalidOperationException($"Position {position} is in no log file: it was never retained, or its file was compacted while still referenced.");
        if (delta > 0)
        {
            segment.AdjustRetained(delta);
        }
        else
        {
            DeferRelease(segment, epoch);
        }
    }

    private void DeferRelease(LogSegment segment, long epoch)
    {
        lock (_releaseGate)
        {
            // A release filed under an epoch that has since closed only waits one snapshot longer than needed.
            var bucket = epoch == _releaseEpoch ? _releasesSinceSnapshotBegan : _releasesBeforeSnapshot;
            bucket[segment] = bucket.GetValueOrDefault(segment) + 1;
        }
    }

    /// <summary>Applies the releases made before the snapshot just written began: it cannot refer to them.</summary>
    private void ApplyReleasesBeforeSnapshot()
    {
        lock (_releaseGate)
        {
            foreach (var (segment, count) in _releasesBeforeSnapshot)
            {
                segment.AdjustRetained(-count);
            }

            _releasesBeforeSnapshot.Clear();
        }
    }

    /// <summary>
    /// Deletes sealed log files that no kept snapshot needs for replay and that hold no retained record. Runs after
    /// every snapshot write, and only then.
    /// </summary>
    private int CompactLocked()
    {
        var boundary = _snapshots.OldestKept.Value;
        List<LogSegment> dead = [];
        lock (_segmentsGate)
        {
            // The last file is the one being written (or about to be): never a candidate.
            var segments = _segments;
            List<LogSegment> kept = [];
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                var isDead = i < segments.Length - 1 && segment.End <= boundary && segment.Retained == 0;
                (isDead ? dead : kept).Add(segment);
            }

            if (dead.Count == 0)
            {
                return 0;
            }

            _segments = [.. kept];
        }

        foreach (var segment in dead)
        {
            segment.File.Dispose();
            _options.Io.Delete(segment.File.Path);
            StorageLog.SegmentDeleted(_logger, segment.File.Path, segment.Length);
        }

        _options.Io.FlushDirectory(_options.Directory);
        return dead.Count;
    }

    /// <summary>The file holding a committed position, or null.</summary>
    private LogSegment? FindSegment(LogPosition position)
    {
        var segments = Volatile.Read(ref _segments);
        int low = 0, high = segments.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (segments[middle].Start <= position.Value)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found >= 0 && position.Value < segments[found].End ? segments[found] : null;
    }
}

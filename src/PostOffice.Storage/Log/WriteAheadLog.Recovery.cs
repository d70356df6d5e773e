using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PostOffice.Storage.Chunks;

namespace PostOffice.Storage.Log;

public sealed partial class WriteAheadLog
{
    /// <summary>
    /// Opens the log in <see cref="WriteAheadLogOptions.Directory"/> (creating it when empty) and recovers: restores
    /// the newest good snapshot, checks every chunk of every file, replays the records after the snapshot through
    /// <paramref name="handler"/>, and truncates a torn tail of the last file.
    /// </summary>
    /// <exception cref="StorageCorruptionException">A file is damaged in a way no crash explains; nothing was changed.</exception>
    public static Task<WriteAheadLog> OpenAsync(WriteAheadLogOptions options, ILogRecoveryHandler handler, ILogger logger, CancellationToken cancellationToken = default)
    {
        options.Validate();
        return Task.Run(() => Open(options, handler, logger, cancellationToken), cancellationToken);
    }

    private static WriteAheadLog Open(WriteAheadLogOptions options, ILogRecoveryHandler handler, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Directory);
        var log = new WriteAheadLog(options, logger);
        log.DeletePrepared();
        try
        {
            log.Recover(handler, cancellationToken);
        }
        catch
        {
            foreach (var segment in log._segments)
            {
                segment.File.Dispose();
            }

            throw;
        }

        log.StartWriter();
        return log;
    }

    private void Recover(ILogRecoveryHandler handler, CancellationToken cancellationToken)
    {
        var snapshot = _snapshots.LoadNewest((path, problem) => StorageLog.SnapshotDamaged(_logger, path, problem));
        var replayFrom = snapshot?.ReplayFrom ?? LogPosition.Start;
        _segments = OpenSegments(replayFrom);
        var context = new LogRecoveryContext(this, replayFrom);
        if (snapshot is not null)
        {
            handler.RestoreSnapshot(snapshot.State, context);
        }

        long replayed = 0;
        for (var i = 0; i < _segments.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            replayed += ScanSegment(_segments[i], isLast: i == _segments.Length - 1, replayFrom, handler, context);
        }

        _active = _segments[^1];
        _appended = _active.End;
        _committed = _active.End;
        StorageLog.Recovered(_logger, _options.Directory, _segments.Length, replayFrom.Value, replayed, _appended);
        if (_active.Length >= _options.SegmentBytes)
        {
            RollSegment(_active);
        }
    }

    private LogSegment[] OpenSegments(LogPosition replayFrom)
    {
        var starts = Directory.EnumerateFiles(_options.Directory, "*.wal")
            .Select(path => long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : -1)
            .Where(start => start >= 0)
            .Order()
            .ToList();

        if (starts.Count == 0)
        {
            if (replayFrom.Value > 0)
            {
                throw new StorageCorruptionException(_options.Directory, replayFrom.Value, "a snapshot needs the log from this position, but there are no log files");
            }

            var first = new LogSegment(0, _options.Io.Open(SegmentPath(0), create: true));
            _options.Io.FlushDirectory(_options.Directory);
            return [first];
        }

        var segments = new List<LogSegment>(starts.Count);
        try
        {
            foreach (var start in starts)
            {
                var segment = new LogSegment(start, _options.Io.Open(SegmentPath(start), create: false));
                segment.Length = segment.File.Length;
                segments.Add(segment);
            }

            CheckContiguity(segments, replayFrom);
        }
        catch
        {
            segments.ForEach(segment => segment.File.Dispose());
            throw;
        }

        return [.. segments];
    }

    /// <summary>
    /// Files must follow each other without overlap. Compaction deletes only files wholly before the oldest kept
    /// snapshot, so a gap ending after it means a file went missing.
    /// </summary>
    private void CheckContiguity(List<LogSegment> segments, LogPosition replayFrom)
    {
        var oldestNeeded = _snapshots.OldestKept.Value;
        if (segments[0].Start > replayFrom.Value)
        {
            throw new StorageCorruptionException(segments[0].File.Path, 0, $"the log must reach back to position {replayFrom.Value} for the newest snapshot, but its first file starts at {segments[0].Start}");
        }

        for (var i = 1; i < segments.Count; i++)
        {
            var previousEnd = segments[i - 1].Start + segments[i - 1].Length;
            if (previousEnd > segments[i].Start)
            {
                throw new StorageCorruptionException(segments[i - 1].File.Path, segments[i].Start - segments[i - 1].Start, "the file runs past the start of the next log file");
            }

            if (previousEnd < segments[i].Start && segments[i].Start > oldestNeeded)
            {
                throw new StorageCorruptionException(segments[i].File.Path, 0, $"positions {previousEnd} to {segments[i].Start} are missing: a log file was lost or truncated");
            }
        }
    }

    /// <summary>Checks every chunk of one file and replays those at or after <paramref name="replayFrom"/>.</summary>
    private long ScanSegment(LogSegment segment, bool isLast, LogPosition replayFrom, ILogRecoveryHandler handler, LogRecoveryContext context)
    {
        var reader = new SegmentReader(segment.File, segment.File.Length);
        long offset = 0;
        long replayed = 0;
        while (offset < reader.FileLength)
        {
            var length = ValidChunkLengthAt(reader, offset);
            if (length < 0)
            {
                if (!isLast)
                {
                    throw new StorageCorruptionException(segment.File.Path, offset, DescribeDamage(reader, offset) + " in a sealed log file");
                }

                // Zeros to the end: a prepared file's unused space (the writer never leaves zeros inside a sealed file).
                if (IsZeroFrom(reader, offset))
                {
                    segment.PreallocatedBytes = reader.FileLength;
                    break;
                }

                TruncateTornTail(segment, reader, offset);
                break;
            }

            if (segment.Start + offset >= replayFrom.Value)
            {
                foreach (var record in ChunkCodec.EnumerateRecords(reader.Read(offset, length)))
                {
                    var position = new LogPosition(segment.Start + offset + record.OffsetInChunk);
                    if (record.Retained)
                    {
                        segment.AdjustRetained(+1);
                    }

                    handler.Replay(new LogRecordView(position, record.Kind, record.Owner, record.Retained, record.Payload), context);
                    replayed++;
                }
            }

            offset += length;
        }

        segment.Length = offset;
        return replayed;
    }

    /// <summary>The length of the valid chunk starting at <paramref name="offset"/>, or -1.</summary>
    private static int ValidChunkLengthAt(SegmentReader reader, long offset)
    {
        var length = ChunkCodec.PeekLength(reader.Read(offset, ChunkCodec.HeaderLength));
        if (length < 0 || offset + length > reader.FileLength)
        {
            return -1;
        }

        return ChunkCodec.Check(reader.Read(offset, length), out _) == ChunkStatus.Valid ? length : -1;
    }

    private static string DescribeDamage(SegmentReader reader, long offset)
    {
        var header = reader.Read(offset, ChunkCodec.HeaderLength);
        var length = ChunkCodec.PeekLength(header);
        if (length < 0)
        {
            return header.Length < ChunkCodec.HeaderLength ? "a chunk header is cut short" : "no valid chunk header";
        }

        return offset + length > reader.FileLength ? "a chunk is cut short" : "a chunk fails its CRC-32C or record framing";
    }

    /// <summary>
    /// Handles damage in the last file. Only the last write can be torn: the writer flushes each batch before it
    /// writes the next. A valid chunk further on whose batch began after the damage therefore proves the damaged
    /// batch had been flushed: that is corruption, not a torn write, and start-up stops. Otherwise the file is cut
    /// back to its last whole chunk; nothing cut was ever acknowledged.
    /// </summary>
    private void TruncateTornTail(LogSegment segment, SegmentReader reader, long damagedAt)
    {
        var laterBatch = FindChunkOfLaterBatch(reader, damagedAt);
        if (laterBatch >= 0)
        {
            throw new StorageCorruptionException(
                segment.File.Path,
                damagedAt,
                $"{DescribeDamage(reader, damagedAt)}, yet a later write at offset {laterBatch} is whole, so this is damage to flushed data, not a torn write");
        }

        var dropped = reader.FileLength - damagedAt;
        segment.File.Truncate(damagedAt);
        segment.File.FlushToDisk();
        StorageLog.TornTailTruncated(_logger, segment.File.Path, damagedAt, dropped);
    }

    private static long FindChunkOfLaterBatch(SegmentReader reader, long damagedAt)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, ChunkCodec.Magic);
        const int Window = 1024 * 1024;
        for (var from = damagedAt + 1; from < reader.FileLength; from += Window)
        {
            var window = reader.Read(from, Window + magic.Length - 1);
            var index = 0;
            while (true)
            {
                var found = window[index..].IndexOf(magic);
                if (found < 0 || index + found >= Window)
                {
                    break;
                }

                var candidate = from + index + found;
                var length = ValidChunkLengthAt(reader, candidate);
                if (length > 0 && candidate - ChunkCodec.ReadBatchOffset(reader.Read(candidate, ChunkCodec.HeaderLength)) > damagedAt)
                {
                    return candidate;
                }

                window = reader.Read(from, Window + magic.Length - 1);
                index += found + 1;
            }
        }

        return -1;
    }

    private string SegmentPath(long start) => Path.Combine(_options.Directory, LogSegment.FileName(start));
}

namespace PostOffice.Storage.Log;

/// <summary>Running totals of a <see cref="WriteAheadLog"/>: how well group commit is batching.</summary>
public sealed class WriteAheadLogStatistics
{
    private long _chunks;
    private long _records;
    private long _commits;
    private long _bytes;

    /// <summary>Chunks appended (one per append call).</summary>
    public long Chunks => Volatile.Read(ref _chunks);

    public long Records => Volatile.Read(ref _records);

    /// <summary>Write-and-flush cycles: the number of fdatasync calls on log files.</summary>
    public long Commits => Volatile.Read(ref _commits);

    public long BytesCommitted => Volatile.Read(ref _bytes);

    // Called under the log's append lock, so a plain increment would do; Volatile keeps readers' view sane.
    internal void RecordAppend(int records)
    {
        Volatile.Write(ref _chunks, _chunks + 1);
        Volatile.Write(ref _records, _records + records);
    }

    // Called by the single writer thread.
    internal void RecordCommit(int bytes)
    {
        Volatile.Write(ref _commits, _commits + 1);
        Volatile.Write(ref _bytes, _bytes + bytes);
    }
}

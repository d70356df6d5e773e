using PostOffice.Storage.Io;

namespace PostOffice.Storage.Log;

/// <summary>One log file: positions [<see cref="Start"/>, <see cref="End"/>).</summary>
internal sealed class LogSegment(long start, IStorageFile file)
{
    private long _retained;

    public long Start { get; } = start;

    public IStorageFile File { get; } = file;

    /// <summary>Bytes of whole chunks in the file; only the writer (or recovery) changes it.</summary>
    public long Length { get; set; }

    public long End => Start + Length;

    /// <summary>
    /// The file's size when it was zero-filled ahead of use, 0 for a file that grows as it is appended to: writes
    /// overwrite its zeros up to this size (writer-owned).
    /// </summary>
    public long PreallocatedBytes { get; set; }

    public bool Preallocated => PreallocatedBytes > 0;

    /// <summary>Retained records in this file still referenced by the engines.</summary>
    public long Retained => Volatile.Read(ref _retained);

    public void AdjustRetained(long delta) => Interlocked.Add(ref _retained, delta);

    public static string FileName(long start) => $"{start:D20}.wal";
}

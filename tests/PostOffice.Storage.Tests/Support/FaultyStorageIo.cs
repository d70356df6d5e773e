using System.Collections.Concurrent;
using PostOffice.Storage.Io;

namespace PostOffice.Storage.Tests.Support;

/// <summary>
/// The real file system, except that flushes start failing once <see cref="FailFlushes"/> is set, and wait while
/// <see cref="HoldFlushes"/> is closed.
/// </summary>
public sealed class FaultyStorageIo : IStorageIo
{
    private readonly ManualResetEventSlim _flushesAllowed = new(initialState: true);
    private volatile bool _failFlushes;
    private int _flushes;

    public bool FailFlushes
    {
        get => _failFlushes;
        set => _failFlushes = value;
    }

    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Every write through a file this opened: path, offset and length.</summary>
    public ConcurrentQueue<(string Path, long Offset, int Length)> Writes { get; } = new();

    /// <summary>While true, every flush to disk waits (a slow disk): appends stay pending.</summary>
    public bool HoldFlushes
    {
        get => !_flushesAllowed.IsSet;
        set
        {
            if (value)
            {
                _flushesAllowed.Reset();
            }
            else
            {
                _flushesAllowed.Set();
            }
        }
    }

    public IStorageFile Open(string path, bool create) => new FaultyFile(this, PhysicalStorageIo.Instance.Open(path, create));

    public void FlushDirectory(string path) => PhysicalStorageIo.Instance.FlushDirectory(path);

    public void Delete(string path) => PhysicalStorageIo.Instance.Delete(path);

    public void Move(string source, string destination) => PhysicalStorageIo.Instance.Move(source, destination);

    /// <summary>Through <see cref="Open"/>: the zeros' flush counts, fails and waits like any other.</summary>
    public void CreateZeroFilled(string path, long length)
    {
        using var file = Open(path, create: true);
        file.Truncate(0);
        var zeros = new byte[(int)Math.Min(length, 1024 * 1024)];
        for (long at = 0; at < length; at += zeros.Length)
        {
            file.Write(zeros.AsSpan(0, (int)Math.Min(zeros.Length, length - at)), at);
        }

        file.FlushToDisk();
    }

    private void CountFlush() => Interlocked.Increment(ref _flushes);

    private sealed class FaultyFile(FaultyStorageIo io, IStorageFile inner) : IStorageFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            io.Writes.Enqueue((inner.Path, offset, data.Length));
            inner.Write(data, offset);
        }

        public int Read(Span<byte> destination, long offset) => inner.Read(destination, offset);

        public void FlushToDisk()
        {
            io._flushesAllowed.Wait();
            io.CountFlush();
            if (io.FailFlushes)
            {
                throw new IOException("Injected fdatasync failure (EIO).");
            }

            inner.FlushToDisk();
        }

        public void Truncate(long length) => inner.Truncate(length);

        public void Dispose() => inner.Dispose();
    }
}

namespace PostOffice.Storage.Io;

/// <summary>A file opened through <see cref="IStorageIo"/>: positional reads and writes and an explicit flush.</summary>
public interface IStorageFile : IDisposable
{
    string Path { get; }

    long Length { get; }

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>, or throws.</summary>
    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Reads up to <paramref name="destination"/>'s length at <paramref name="offset"/>; returns the count read.</summary>
    int Read(Span<byte> destination, long offset);

    /// <summary>Makes every completed write durable (fdatasync: data and the metadata needed to read it back).</summary>
    void FlushToDisk();

    void Truncate(long length);
}

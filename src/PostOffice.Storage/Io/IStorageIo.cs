namespace PostOffice.Storage.Io;

/// <summary>
/// Every file-system operation the store performs goes through this seam, so tests can inject the faults real disks
/// produce (a failed fsync, a full disk) exactly where they would occur.
/// </summary>
public interface IStorageIo
{
    /// <summary>Opens a file for reading and writing, creating it when <paramref name="create"/> is true.</summary>
    IStorageFile Open(string path, bool create);

    /// <summary>Makes a directory's entries (created, renamed, deleted files) durable.</summary>
    void FlushDirectory(string path);

    void Delete(string path);

    /// <summary>Renames a file, replacing the destination; atomic on POSIX file systems.</summary>
    void Move(string source, string destination);

    /// <summary>
    /// Creates (or empties) the file at <paramref name="path"/> and fills it with <paramref name="length"/> zero bytes,
    /// written to the device and flushed: allocated, written blocks, which later writes overwrite without allocating.
    /// </summary>
    void CreateZeroFilled(string path, long length);
}

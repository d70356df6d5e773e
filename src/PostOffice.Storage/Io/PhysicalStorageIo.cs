using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PostOffice.Storage.Io;

/// <summary>The real file system, with fdatasync for file flushes and fsync on directories for renames.</summary>
public sealed partial class PhysicalStorageIo : IStorageIo
{
    public static PhysicalStorageIo Instance { get; } = new();

    public IStorageFile Open(string path, bool create)
    {
        var handle = File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        return new PhysicalStorageFile(path, handle);
    }

    public void FlushDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Only Linux is a production target; elsewhere renames rely on the file system journal.
        }

        var fd = NativeMethods.Open(path, NativeMethods.OpenReadOnly | NativeMethods.OpenDirectory);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    public void Delete(string path) => File.Delete(path);

    public void Move(string source, string destination) => File.Move(source, destination, overwrite: true);

    private sealed class PhysicalStorageFile(string path, SafeFileHandle handle) : IStorageFile
    {
        public string Path { get; } = path;

        public long Length => RandomAccess.GetLength(handle);

        public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(handle, data, offset);

        public int Read(Span<byte> destination, long offset)
        {
            var total = 0;
            while (total < destination.Length)
            {
                var read = RandomAccess.Read(handle, destination[total..], offset + total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return total;
        }

        public void FlushToDisk()
        {
            if (!OperatingSystem.IsLinux())
            {
                RandomAccess.FlushToDisk(handle);
                return;
            }

            // fdatasync skips the inode timestamps fsync would also write; the file size it does flush.
            if (NativeMethods.Fdatasync(handle) != 0)
            {
                throw new IOException($"fdatasync of '{Path}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }

        public void Truncate(long length) => RandomAccess.SetLength(handle, length);

        public void Dispose() => handle.Dispose();
    }

    private static partial class NativeMethods
    {
        public const int OpenReadOnly = 0;
        public const int OpenDirectory = 0x10000; // O_DIRECTORY on Linux x64 and arm64

        [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
        public static partial int Fdatasync(SafeFileHandle fd);

        [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static partial int Fsync(int fd);

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);
    }
}

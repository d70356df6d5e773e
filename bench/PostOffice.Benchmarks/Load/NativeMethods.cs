using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PostOffice.Benchmarks.Load;

internal static partial class NativeMethods
{
    /// <summary>The flush the write-ahead log uses on Linux (see <c>PhysicalStorageIo</c>).</summary>
    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    public static partial int Fdatasync(SafeFileHandle fd);
}

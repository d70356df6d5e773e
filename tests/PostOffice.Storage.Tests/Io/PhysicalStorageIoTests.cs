using PostOffice.Storage.Io;
using PostOffice.Storage.Tests.Support;

namespace PostOffice.Storage.Tests.Io;

public sealed class PhysicalStorageIoTests
{
    [Theory]
    [InlineData(1024 * 1024 + 8192)] // whole 4 KiB blocks: written around the page cache where the file system allows
    [InlineData(5000)]               // not whole blocks: written through the page cache
    public async Task CreateZeroFilled_OverAnExistingFile_LeavesExactlyThatManyZeros(int length)
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "zeros");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)0xab, 3 * 1024 * 1024).ToArray(), TestContext.Current.CancellationToken);

        PhysicalStorageIo.Instance.CreateZeroFilled(path, length);

        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(length, bytes.Length);
        Assert.Equal(-1, bytes.AsSpan().IndexOfAnyExcept((byte)0));
    }
}

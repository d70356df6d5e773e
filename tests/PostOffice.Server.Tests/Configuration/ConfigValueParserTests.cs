using PostOffice.Server.Configuration;
using PostOffice.Server.Hosting;

namespace PostOffice.Server.Tests.Configuration;

public sealed class ConfigValueParserTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("65536", 65536L)]
    [InlineData("512B", 512L)]
    [InlineData("64KiB", 64L * 1024)]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("64 MiB", 64L * 1024 * 1024)]
    [InlineData("2GiB", 2L * 1024 * 1024 * 1024)]
    public void TryParseSize_ValidText_ReturnsBytes(string text, long expected)
    {
        Assert.True(ConfigValueParser.TryParseSize(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("-1")]
    [InlineData("64MB")]
    [InlineData("64mib")]
    [InlineData("1.5MiB")]
    [InlineData("64 MiB extra")]
    [InlineData("9999999999GiB")]
    public void TryParseSize_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(ConfigValueParser.TryParseSize(text, out _));
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData(" 10 s ", 10_000)]
    [InlineData("0s", 0)]
    public void TryParseDuration_ValidText_ReturnsDuration(string text, long expectedMilliseconds)
    {
        Assert.True(ConfigValueParser.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5d")]
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("s")]
    [InlineData("5 minutes")]
    public void TryParseDuration_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(ConfigValueParser.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData(64L * 1024 * 1024, "64MiB")]
    [InlineData(1536L, "1536")]
    [InlineData(2048L, "2KiB")]
    [InlineData(1L << 30, "1GiB")]
    public void FormatSize_Bytes_UsesLargestExactUnit(long bytes, string expected)
    {
        Assert.Equal(expected, ConfigValueParser.FormatSize(bytes));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("65535", true)]
    [InlineData("65536", false)]
    [InlineData("0", false)]
    [InlineData("+80", false)]
    [InlineData("abc", false)]
    public void TryParsePort_Text_AcceptsOneTo65535Only(string text, bool valid)
    {
        Assert.Equal(valid, ConfigValueParser.TryParsePort(text, out _));
    }

    [Theory]
    [InlineData("batch", CpuSchedulingPolicy.Batch)]
    [InlineData(" Normal ", CpuSchedulingPolicy.Normal)]
    public void TryParseCpuScheduling_PolicyName_ReturnsIt(string text, CpuSchedulingPolicy expected)
    {
        Assert.True(ConfigValueParser.TryParseCpuScheduling(text, out var policy));
        Assert.Equal(expected, policy);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fifo")]
    [InlineData("0")]
    public void TryParseCpuScheduling_AnythingElse_ReturnsFalse(string text)
    {
        Assert.False(ConfigValueParser.TryParseCpuScheduling(text, out _));
    }
}

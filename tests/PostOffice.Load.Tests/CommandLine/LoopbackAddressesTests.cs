using PostOffice.Load.CommandLine;

namespace PostOffice.Load.Tests.CommandLine;

public sealed class LoopbackAddressesTests
{
    [Fact]
    public void TryParseSources_Range_ListsEveryAddress()
    {
        Assert.True(LoopbackAddresses.TryParseSources("127.0.0.254-127.0.1.1", out var sources, out _));

        Assert.Equal(["127.0.0.254", "127.0.0.255", "127.0.1.0", "127.0.1.1"], sources.Select(address => address.ToString()));
    }

    [Fact]
    public void TryParseSources_Zero_MeansNoBinding()
    {
        Assert.True(LoopbackAddresses.TryParseSources("0", out var sources, out _));

        Assert.Empty(sources);
    }

    [Fact]
    public void TryParseSources_List_KeepsOrder()
    {
        Assert.True(LoopbackAddresses.TryParseSources("127.0.0.9, 127.0.0.3", out var sources, out _));

        Assert.Equal(["127.0.0.9", "127.0.0.3"], sources.Select(address => address.ToString()));
    }

    [Theory]
    [InlineData("255")]
    [InlineData("127.0.0.9-127.0.0.2")]
    [InlineData("::1")]
    [InlineData("127.0.0.1-127.0.2.1")]
    public void TryParseSources_Invalid_Fails(string spec)
    {
        Assert.False(LoopbackAddresses.TryParseSources(spec, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParseUrl_FtpScheme_IsRejected()
    {
        Assert.False(LoopbackAddresses.TryParseUrl("ftp://127.0.0.1/", out _, out var error));
        Assert.Equal("'ftp://127.0.0.1/' is not an absolute http:// or https:// URL", error);
    }
}

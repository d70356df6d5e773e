namespace PostOffice.Aws.Tests.Dispatch;

public sealed class AwsPathTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/000000000000/orders")]
    [InlineData("/000000000000/orders.fifo/")]
    public void IsAwsPath_RootOrQueueUrl_IsTrue(string? path)
    {
        Assert.True(AwsProtocolsExtensions.IsAwsPath(path));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/mqtt")]
    [InlineData("/000000000000")]
    [InlineData("/000000000000/")]
    [InlineData("//orders")]
    [InlineData("/000000000000//")]
    [InlineData("/000000000000/orders/extra")]
    [InlineData("/a/b/c/")]
    public void IsAwsPath_AnyOtherPath_IsFalse(string path)
    {
        Assert.False(AwsProtocolsExtensions.IsAwsPath(path));
    }
}

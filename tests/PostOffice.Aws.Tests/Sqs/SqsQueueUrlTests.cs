using PostOffice.Aws.Sqs;

namespace PostOffice.Aws.Tests.Sqs;

public sealed class SqsQueueUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4566/000000000000/orders", "orders")]
    [InlineData("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo", "orders.fifo")]
    [InlineData("http://localhost/000000000000/orders/", "orders")]
    [InlineData("http://localhost/000000000000/orders?x=1", "orders")]
    [InlineData("/000000000000/orders", "orders")]
    [InlineData("000000000000/orders", "orders")]
    public void TryGetQueueName_UrlOrPath_TakesTheLastSegment(string url, string expected)
    {
        Assert.True(SqsQueueUrl.TryGetQueueName(url, out var name));

        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("orders")]
    [InlineData("http://localhost")]
    [InlineData("http://localhost/orders")]
    [InlineData("http://localhost/a/b/c")]
    [InlineData("http://localhost//orders")]
    public void TryGetQueueName_NotAQueueUrl_ReturnsFalse(string url)
    {
        Assert.False(SqsQueueUrl.TryGetQueueName(url, out _));
    }
}

using PostOffice.Broker.Delivery;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>The retry phases of https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html.</summary>
public sealed class DeliveryPolicyTests
{
    [Fact]
    public void Default_RetriesThreeTimesTwentySecondsApart()
    {
        var policy = DeliveryPolicy.Default;
        Assert.Equal([20.0, 20.0, 20.0], Enumerable.Range(1, 3).Select(r => policy.DelayBeforeRetry(r)!.Value.TotalSeconds));
        Assert.Null(policy.DelayBeforeRetry(4));
    }

    [Fact]
    public void Phases_ImmediateThenPreBackoffThenLinearBackoffThenPostBackoff()
    {
        var policy = DeliveryPolicy.Parse(
            """{"healthyRetryPolicy": {"numRetries": 9, "numNoDelayRetries": 2, "numMinDelayRetries": 2, "numMaxDelayRetries": 2, "minDelayTarget": 10, "maxDelayTarget": 40, "backoffFunction": "linear"}}""",
            DeliveryPolicy.Default, topicLevel: false, out var error);
        Assert.Null(error);
        Assert.Equal([0.0, 0, 10, 10, 20, 30, 40, 40, 40], Enumerable.Range(1, 9).Select(r => policy.DelayBeforeRetry(r)!.Value.TotalSeconds));
    }

    [Theory]
    [InlineData("arithmetic", new[] { 5.0, 5 + (45 * 0.0625), 5 + (45 * 0.25), 5 + (45 * 0.5625) })]
    [InlineData("geometric", new[] { 5.0, 5 + (45 * 0.015625), 5 + (45 * 0.125), 5 + (45 * 0.421875) })]
    [InlineData("exponential", new[] { 5.0, 5 + (45 * (4.65685 / 1023)), 5 + (45 * (31.0 / 1023)), 5 + (45 * (180.01934 / 1023)) })]
    public void Backoff_GrowsFromMinimumToMaximumByItsFunction(string function, double[] expected)
    {
        var policy = DeliveryPolicy.Parse(
            $$$"""{"healthyRetryPolicy": {"numRetries": 5, "numMinDelayRetries": 1, "minDelayTarget": 5, "maxDelayTarget": 50, "backoffFunction": "{{{function}}}"}}""",
            DeliveryPolicy.Default, topicLevel: false, out var error);
        Assert.Null(error);
        var actual = Enumerable.Range(1, 4).Select(r => policy.DelayBeforeRetry(r)!.Value.TotalSeconds).ToArray();
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 0.01);
        Assert.Equal(50, policy.DelayBeforeRetry(5)!.Value.TotalSeconds);
    }

    [Theory]
    [InlineData("""{"healthyRetryPolicy": {"numRetries": 101}}""")]
    [InlineData("""{"healthyRetryPolicy": {"minDelayTarget": 30, "maxDelayTarget": 20}}""")]
    [InlineData("""{"healthyRetryPolicy": {"numRetries": 2, "numNoDelayRetries": 3}}""")]
    [InlineData("""{"healthyRetryPolicy": {"numRetries": 100, "minDelayTarget": 60, "maxDelayTarget": 60}}""")]
    [InlineData("""{"healthyRetryPolicy": {"backoffFunction": "cubic"}}""")]
    [InlineData("""{"throttlePolicy": {"maxReceivesPerSecond": 0}}""")]
    [InlineData("""not json""")]
    public void Parse_PolicyAwsRefuses_ReportsWhy(string json)
    {
        DeliveryPolicy.Parse(json, DeliveryPolicy.Default, topicLevel: false, out var error);
        Assert.NotNull(error);
    }

    [Fact]
    public void TopicPolicy_HttpSectionSetsTheDefaults()
    {
        var policy = DeliveryPolicy.Parse(
            """{"http": {"defaultHealthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 7, "maxDelayTarget": 7}, "defaultThrottlePolicy": {"maxReceivesPerSecond": 3}}}""",
            DeliveryPolicy.Default, topicLevel: true, out var error);
        Assert.Null(error);
        Assert.Equal(7, policy.DelayBeforeRetry(1)!.Value.TotalSeconds);
        Assert.Equal(3, policy.MaxReceivesPerSecond);
    }
}

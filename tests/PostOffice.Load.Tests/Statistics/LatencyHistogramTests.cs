using PostOffice.Load.Statistics;

namespace PostOffice.Load.Tests.Statistics;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void ValueAtPercentile_OneToHundred_ReturnsNearestRank()
    {
        var histogram = new LatencyHistogram();
        for (var value = 1; value <= 100; value++)
        {
            histogram.Record(value);
        }

        Assert.Equal(100, histogram.Count);
        Assert.Equal(50, histogram.ValueAtPercentile(50));
        Assert.Equal(90, histogram.ValueAtPercentile(90));
        Assert.Equal(99, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(99.9));
        Assert.Equal(100, histogram.ValueAtPercentile(100));
        Assert.Equal(1, histogram.ValueAtPercentile(0));
        Assert.Equal(1, histogram.Min);
        Assert.Equal(100, histogram.Max);
        Assert.Equal(50.5, histogram.Mean);
    }

    [Fact]
    public void ValueAtPercentile_LargeValue_ReportsUpperBoundOfItsBucket()
    {
        // 1,000,000 = 244 * 4096 + 576: bucket [999,424, 1,003,519] (128 buckets per power of two, 4096 wide here).
        var histogram = new LatencyHistogram();
        histogram.Record(1_000_000);
        histogram.Record(2_000_000);

        Assert.Equal(1_003_519, histogram.ValueAtPercentile(50));
        Assert.Equal(2_000_000, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void ValueAtPercentile_SingleLargeValue_IsClampedToTheExactMax()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1_000_000);

        Assert.Equal(1_000_000, histogram.ValueAtPercentile(50));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(255L)]
    [InlineData(256L)]
    [InlineData(1_000L)]
    [InlineData(123_456_789L)]
    [InlineData(LatencyHistogram.HighestTrackableValue)]
    public void UpperBoundOf_AnyValue_IsAtOrAboveItAndWithinOnePart128(long value)
    {
        var upper = LatencyHistogram.UpperBoundOf(LatencyHistogram.IndexOf(value));

        Assert.InRange(upper, value, value + (value / 128));
    }

    [Fact]
    public void Record_Negative_CountsAsZero()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(-5);

        Assert.Equal(0, histogram.ValueAtPercentile(100));
        Assert.Equal(0, histogram.Min);
    }

    [Fact]
    public void Record_AboveHighestTrackable_KeepsExactMax()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(LatencyHistogram.HighestTrackableValue * 4);

        Assert.Equal(LatencyHistogram.HighestTrackableValue * 4, histogram.Max);
        Assert.Equal(LatencyHistogram.HighestTrackableValue * 4, histogram.ValueAtPercentile(100));
    }

    [Fact]
    public void ValueAtPercentile_Empty_IsZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal(0, histogram.ValueAtPercentile(99));
        Assert.Equal(0, histogram.Mean);
    }

    [Fact]
    public void Add_TwoHistograms_MergesCountsMinMaxAndMean()
    {
        var first = new LatencyHistogram();
        var second = new LatencyHistogram();
        first.Record(10);
        first.Record(20);
        second.Record(5);
        second.Record(100);

        first.Add(second);

        Assert.Equal(4, first.Count);
        Assert.Equal(5, first.Min);
        Assert.Equal(100, first.Max);
        Assert.Equal(33.75, first.Mean);
        Assert.Equal(10, first.ValueAtPercentile(50));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void ValueAtPercentile_OutOfRange_Throws(double percentile)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyHistogram().ValueAtPercentile(percentile));
    }
}

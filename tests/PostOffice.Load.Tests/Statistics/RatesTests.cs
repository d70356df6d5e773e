using System.Diagnostics;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Tests.Statistics;

public sealed class RatesTests
{
    [Fact]
    public void PerSecond_CountOverWindow_IsExact()
    {
        var window = new MeasuredWindow(0, (long)(2.5 * Stopwatch.Frequency));

        Assert.Equal(2.5, window.Seconds);
        Assert.Equal(400, window.PerSecond(1000));
    }

    [Fact]
    public void PerSecond_EmptyWindow_IsZeroNotInfinity()
    {
        Assert.Equal(0, new MeasuredWindow(5, 5).PerSecond(1000));
        Assert.Equal(0, Rates.PerSecond(10, 0));
    }

    [Fact]
    public void Starting_AfterWarmup_ExcludesWarmupAndEnd()
    {
        var now = 1_000 * Stopwatch.Frequency;
        var window = MeasuredWindow.Starting(now, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        Assert.False(window.Contains(now + Stopwatch.Frequency));
        Assert.True(window.Contains(now + (2 * Stopwatch.Frequency)));
        Assert.True(window.Contains(now + (12 * Stopwatch.Frequency) - 1));
        Assert.False(window.Contains(now + (12 * Stopwatch.Frequency)));
        Assert.Equal(10, window.Seconds, precision: 9);
    }

    [Fact]
    public void EndingAt_EarlyEnd_ShortensTheWindowButNeverBeforeItsStart()
    {
        var window = new MeasuredWindow(100, 100 + (10 * Stopwatch.Frequency));

        Assert.Equal(4, window.EndingAt(100 + (4 * Stopwatch.Frequency)).Seconds, precision: 9);
        Assert.Equal(0, window.EndingAt(50).Seconds);
        Assert.Equal(10, window.EndingAt(long.MaxValue).Seconds, precision: 9);
    }

    [Fact]
    public void Median_OddCount_IsTheMiddleValue()
    {
        Assert.Equal(20, Rates.Median([30, 10, 20]));
    }

    [Fact]
    public void Median_EvenCount_IsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(25, Rates.Median([40, 10, 20, 30]));
    }

    [Fact]
    public void Median_Empty_IsNaN()
    {
        Assert.True(double.IsNaN(Rates.Median([])));
    }

    [Fact]
    public void Ratio_MissingOrZeroDenominator_IsNaN()
    {
        Assert.Equal(0.5, Rates.Ratio(1, 2));
        Assert.True(double.IsNaN(Rates.Ratio(double.NaN, 2)));
        Assert.True(double.IsNaN(Rates.Ratio(1, 0)));
    }

    [Fact]
    public void ToNanoseconds_OneSecondOfTicks_IsOneBillion()
    {
        Assert.Equal(1_000_000_000, MeasuredWindow.ToNanoseconds(Stopwatch.Frequency));
    }
}

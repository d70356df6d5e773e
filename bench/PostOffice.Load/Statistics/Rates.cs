namespace PostOffice.Load.Statistics;

/// <summary>Rates and summaries over a set of runs.</summary>
public static class Rates
{
    /// <summary>Events per second; 0 when no time passed, so that a table never shows infinity or NaN.</summary>
    public static double PerSecond(long count, double seconds) => seconds <= 0 ? 0 : count / seconds;

    /// <summary>The middle value, or the mean of the two middle values for an even count; NaN when empty.</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary><paramref name="a"/> / <paramref name="b"/>; NaN when either is missing or b is zero.</summary>
    public static double Ratio(double a, double b) =>
        double.IsNaN(a) || double.IsNaN(b) || b == 0 ? double.NaN : a / b;
}

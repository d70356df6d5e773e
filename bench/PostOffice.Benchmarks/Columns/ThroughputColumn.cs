using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PostOffice.Benchmarks.Columns;

/// <summary>Bytes processed per second, from a parameter holding the bytes one operation processes and the mean time.</summary>
public sealed class ThroughputColumn(string bytesParameter) : IColumn
{
    public string Id => $"{nameof(ThroughputColumn)}.{bytesParameter}";

    public string ColumnName => "Throughput";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => $"{bytesParameter} bytes divided by Mean, in GB/s (10^9 bytes per second)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var bytes = benchmarkCase.Parameters[bytesParameter];
        if (meanNanoseconds is not > 0 || bytes is null)
        {
            return "NA";
        }

        // Bytes per nanosecond is GB/s.
        var gigabytesPerSecond = Convert.ToDouble(bytes, CultureInfo.InvariantCulture) / meanNanoseconds.Value;
        return gigabytesPerSecond.ToString("N2", CultureInfo.InvariantCulture) + " GB/s";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}

using System.Globalization;
using System.Text;
using PostOffice.Load.Output;
using PostOffice.Load.Statistics;

namespace PostOffice.Load.Report;

/// <summary>
/// Side A against side B over repeated runs of one scenario: for each metric the median of each side's successful
/// runs (with their range) and the ratio A/B. A side whose runs were all "unavailable" is reported as such, with
/// the reason the tool recorded, and no figure is made up for it.
/// </summary>
public sealed class ComparisonReport
{
    private ComparisonReport(ReportSettings settings, Side a, Side b, IReadOnlyList<Row> rows, string mode)
    {
        Settings = settings;
        A = a;
        B = b;
        Rows = rows;
        Mode = mode;
    }

    public ReportSettings Settings { get; }

    public Side A { get; }

    public Side B { get; }

    public IReadOnlyList<Row> Rows { get; }

    public string Mode { get; }

    public static ComparisonReport Build(IReadOnlyList<RunResult> runs, ReportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(settings);
        var a = new Side(settings.NameA ?? settings.LabelA, [.. runs.Where(run => run.Label == settings.LabelA)]);
        var b = new Side(settings.NameB ?? settings.LabelB, [.. runs.Where(run => run.Label == settings.LabelB)]);
        var mode = runs.FirstOrDefault(run => run.Label == settings.LabelA || run.Label == settings.LabelB)?.Mode ?? string.Empty;
        var metrics = settings.Metrics ?? MetricCatalog.Headline(mode);
        var rows = metrics
            .Where(metric => a.Has(metric) || b.Has(metric))
            .Select(metric => new Row(metric, MetricCatalog.Describe(metric).Heading, a.Summary(metric), b.Summary(metric)))
            .ToList();
        return new ComparisonReport(settings, a, b, rows, mode);
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        if (Settings.Title is { } title)
        {
            text.Append(CultureInfo.InvariantCulture, $"#### {title}\n\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"| {Mode} | {A.Name} | {B.Name} | {A.Name} / {B.Name} |\n");
        text.Append("|---|---:|---:|---:|\n");
        foreach (var row in Rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Heading} | {Cell(A, row.A)} | {Cell(B, row.B)} | {FormatRatio(row.Ratio)} |\n");
        }

        if (Rows.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"| (no figures) | {Cell(A, null)} | {Cell(B, null)} | - |\n");
        }

        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"Median of {Describe(A)} and {Describe(B)}, run alternately; the range of the runs in brackets.\n");
        foreach (var side in new[] { A, B })
        {
            if (side.Runs.Count > 0 && side.Ok.Count == 0 && side.Runs.All(run => run.Status == RunStatus.Unavailable))
            {
                text.Append(CultureInfo.InvariantCulture, $"{side.Name}: {UnavailableText(side)} ({side.Runs[0].Reason}).\n");
            }
            else if (side.Runs.FirstOrDefault(run => run.Status != RunStatus.Ok) is { } bad)
            {
                text.Append(CultureInfo.InvariantCulture, $"{side.Name}: {side.Runs.Count(run => run.Status != RunStatus.Ok)} of {side.Runs.Count} runs {ResultWriter.StatusText(bad.Status)} ({bad.Reason}); they are left out of the medians.\n");
            }
        }

        var parameters = (FirstOf(B.Ok) ?? FirstOf(A.Ok) ?? FirstOf(B.Runs) ?? FirstOf(A.Runs))?.Parameters;
        if (parameters is { Count: > 0 })
        {
            text.Append("Parameters: ").AppendJoin(", ", parameters.Select(parameter => $"{parameter.Key} {parameter.Value}")).Append(".\n");
        }

        return text.ToString();
    }

    /// <summary>Gnuplot data: a column header line, then one line per metric of <paramref name="kind"/>: "heading" A B, NaN where a side has no figure.</summary>
    public string ToPlotData(MetricCatalog.Kind kind)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"metric \"{A.Name}\" \"{B.Name}\"\n");
        foreach (var row in Rows.Where(row => MetricCatalog.Describe(row.Metric).Kind == kind))
        {
            text.Append(CultureInfo.InvariantCulture, $"\"{PlotLabel(row, kind)}\" {PlotValue(row.A)} {PlotValue(row.B)}\n");
        }

        return text.ToString();
    }

    /// <summary>Latency panels say "microseconds" once, so their bars are just "p50", "ack p99".</summary>
    private static string PlotLabel(Row row, MetricCatalog.Kind kind) =>
        kind == MetricCatalog.Kind.Latency ? row.Metric[..^"_us".Length].Replace("latency_", string.Empty, StringComparison.Ordinal).Replace('_', ' ') : row.Heading;

    private static RunResult? FirstOf(IReadOnlyList<RunResult> runs) => runs.Count > 0 ? runs[0] : null;

    private static string PlotValue(Summary? summary) =>
        summary is null ? "NaN" : summary.Median.ToString("0.###", CultureInfo.InvariantCulture);

    private string Cell(Side side, Summary? summary)
    {
        if (summary is not null)
        {
            return summary.Count == 1 || summary.Min == summary.Max
                ? ResultWriter.FormatNumber(summary.Median)
                : $"{ResultWriter.FormatNumber(summary.Median)} ({ResultWriter.FormatNumber(summary.Min)}-{ResultWriter.FormatNumber(summary.Max)})";
        }

        if (side.Runs.Count == 0)
        {
            return "no runs";
        }

        return side.Ok.Count == 0 && side.Runs.All(run => run.Status == RunStatus.Unavailable) ? UnavailableText(side) : "-";
    }

    private string UnavailableText(Side side) => side == B ? Settings.UnavailableTextB ?? Settings.UnavailableText : Settings.UnavailableText;

    private static string Describe(Side side) =>
        side.Runs.Count == side.Ok.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{side.Runs.Count} {side.Name} runs")
            : string.Create(CultureInfo.InvariantCulture, $"{side.Ok.Count} successful of {side.Runs.Count} {side.Name} runs");

    public static string FormatRatio(double ratio) =>
        double.IsNaN(ratio) ? "-" : ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";

    /// <summary>One side's runs.</summary>
    public sealed class Side
    {
        public Side(string name, IReadOnlyList<RunResult> runs)
        {
            Name = name;
            Runs = runs;
            Ok = [.. runs.Where(run => run.Status == RunStatus.Ok)];
        }

        public string Name { get; }

        public IReadOnlyList<RunResult> Runs { get; }

        public IReadOnlyList<RunResult> Ok { get; }

        public bool Has(string metric) => Ok.Any(run => run.Metric(metric) is not null);

        public Summary? Summary(string metric)
        {
            var values = Ok.Select(run => run.Metric(metric)).Where(value => value is not null).Select(value => value!.Value).ToList();
            return values.Count == 0 ? null : new Summary(Rates.Median(values), values.Min(), values.Max(), values.Count);
        }
    }

    public sealed record Summary(double Median, double Min, double Max, int Count);

    public sealed record Row(string Metric, string Heading, Summary? A, Summary? B)
    {
        public double Ratio => Rates.Ratio(A?.Median ?? double.NaN, B?.Median ?? double.NaN);
    }
}

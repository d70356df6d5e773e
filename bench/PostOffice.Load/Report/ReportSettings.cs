namespace PostOffice.Load.Report;

/// <summary>The <c>report</c> verb: which runs to compare (by label) and where the table and plot data go.</summary>
public sealed record ReportSettings
{
    public required string Input { get; init; }

    public required string LabelA { get; init; }

    public required string LabelB { get; init; }

    public string? NameA { get; init; }

    public string? NameB { get; init; }

    public IReadOnlyList<string>? Metrics { get; init; }

    public string UnavailableText { get; init; } = "unavailable";

    /// <summary>What side B's cells say when all its runs were unavailable; <see cref="UnavailableText"/> when null.</summary>
    public string? UnavailableTextB { get; init; }

    public string? Title { get; init; }

    public string? MarkdownPath { get; init; }

    public string? PlotDataPrefix { get; init; }
}

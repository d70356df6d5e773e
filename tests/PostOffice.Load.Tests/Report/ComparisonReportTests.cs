using PostOffice.Load.Output;
using PostOffice.Load.Report;

namespace PostOffice.Load.Tests.Report;

public sealed class ComparisonReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static RunResult Ok(string label, double rate, double p50) => new(
        "mqtt-pubsub", label, "127.0.0.1:1883", RunStatus.Ok, null, Start, [KeyValuePair.Create("qos", "1")],
        [KeyValuePair.Create("delivered_per_s", rate), KeyValuePair.Create("latency_p50_us", p50)]);

    private static RunResult Unavailable(string label) =>
        RunResult.Unavailable("mqtt-pubsub", label, "127.0.0.1:1883", Start, [], "connection refused (nothing listens on the MQTT port)");

    private static ReportSettings Settings => new()
    {
        Input = "unused",
        LabelA = "postoffice",
        LabelB = "mosquitto",
        NameA = "PostOffice",
        NameB = "Mosquitto",
        Metrics = ["delivered_per_s", "latency_p50_us"],
        UnavailableText = "not yet implemented",
    };

    [Fact]
    public void Build_BothSides_ReportsMediansAndRatio()
    {
        RunResult[] runs = [Ok("postoffice", 100, 10), Ok("mosquitto", 50, 40), Ok("postoffice", 300, 30), Ok("mosquitto", 70, 20), Ok("postoffice", 200, 20), Ok("mosquitto", 60, 30)];

        var report = ComparisonReport.Build(runs, Settings);

        var row = report.Rows[0];
        Assert.Equal(200, row.A!.Median);
        Assert.Equal(60, row.B!.Median);
        Assert.Equal(200.0 / 60, row.Ratio);
        Assert.Contains("| deliveries/s | 200 (100-300) | 60 (50-70) | 3.33x |", report.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("| latency p50 (µs) | 20 (10-30) | 30 (20-40) | 0.67x |", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SideAUnavailable_SaysSoAndMakesNoNumberUp()
    {
        RunResult[] runs = [Unavailable("postoffice"), Ok("mosquitto", 50, 40), Unavailable("postoffice"), Ok("mosquitto", 70, 20)];

        var report = ComparisonReport.Build(runs, Settings);
        var markdown = report.ToMarkdown();

        Assert.Null(report.Rows[0].A);
        Assert.True(double.IsNaN(report.Rows[0].Ratio));
        Assert.Contains("| deliveries/s | not yet implemented | 60 (50-70) | - |", markdown, StringComparison.Ordinal);
        Assert.Contains("PostOffice: not yet implemented (connection refused (nothing listens on the MQTT port)).", markdown, StringComparison.Ordinal);
        Assert.Equal("metric \"PostOffice\" \"Mosquitto\"\n\"deliveries/s\" NaN 60\n", report.ToPlotData(MetricCatalog.Kind.Rate));
    }

    [Fact]
    public void Build_PeerUnavailable_UsesThePeersOwnText()
    {
        RunResult[] runs = [Ok("postoffice", 100, 10), Unavailable("mosquitto")];

        var markdown = ComparisonReport.Build(runs, Settings with { UnavailableTextB = "not supported by the peer" }).ToMarkdown();

        Assert.Contains("| deliveries/s | 100 | not supported by the peer | - |", markdown, StringComparison.Ordinal);
        Assert.Contains("Mosquitto: not supported by the peer (connection refused (nothing listens on the MQTT port)).", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FailedRun_IsLeftOutOfTheMedianAndNamed()
    {
        var failed = Ok("mosquitto", 1, 1) with { Status = RunStatus.Failed, Reason = "2 connection error(s)" };

        var report = ComparisonReport.Build([Ok("mosquitto", 50, 40), failed, Ok("mosquitto", 70, 20)], Settings);

        Assert.Equal(60, report.Rows[0].B!.Median);
        Assert.Contains("Mosquitto: 1 of 3 runs failed (2 connection error(s)); they are left out of the medians.", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonLine_RoundTrip_KeepsEveryField()
    {
        var run = Ok("mosquitto", 1234.5678, 12.25);

        var read = ResultWriter.FromJsonLine(ResultWriter.ToJsonLine(run));

        Assert.Equal(run.Mode, read.Mode);
        Assert.Equal(run.Label, read.Label);
        Assert.Equal(run.Status, read.Status);
        Assert.Equal(run.StartedAt, read.StartedAt);
        Assert.Equal(run.Parameters, read.Parameters);
        Assert.Equal(1234.568, read.Metric("delivered_per_s"));
        Assert.Equal(12.25, read.Metric("latency_p50_us"));
    }

    [Theory]
    [InlineData(12.345, "12.35")]
    [InlineData(1234.56, "1,234.6")]
    [InlineData(1234567.8, "1,234,568")]
    [InlineData(42.0, "42")]
    public void FormatNumber_UsesFewerDecimalsForLargerNumbers(double value, string expected)
    {
        Assert.Equal(expected, ResultWriter.FormatNumber(value));
    }
}

using System.CommandLine;
using PostOffice.Load.Report;

namespace PostOffice.Load.CommandLine;

public sealed partial class LoadCommandLine
{
    private Command CreateReportCommand()
    {
        var command = new Command("report", "Medians of runs A and B from JSON lines: a markdown table with the ratio A/B, and gnuplot data");
        var input = new Option<string>("--input") { Description = "JSON lines file written by --json-file", Required = true };
        var a = new Option<string>("--a") { Description = "Label of side A (the ratio's numerator), e.g. postoffice", Required = true };
        var b = new Option<string>("--b") { Description = "Label of side B, e.g. mosquitto", Required = true };
        var aName = new Option<string?>("--a-name") { Description = "Column heading for A (default: its label)" };
        var bName = new Option<string?>("--b-name") { Description = "Column heading for B (default: its label)" };
        var metrics = new Option<string?>("--metrics") { Description = "Comma-separated metrics to show (default: the mode's headline metrics)" };
        var unavailable = NewOption("--unavailable-text", "What to print for a side whose runs were all 'unavailable'", "unavailable");
        var unavailableB = new Option<string?>("--b-unavailable-text") { Description = "The same for side B alone (default: --unavailable-text), e.g. 'not supported by the peer'" };
        var title = new Option<string?>("--title") { Description = "Heading above the table" };
        var markdown = new Option<string?>("--markdown") { Description = "Also write the table to this file" };
        var plotData = new Option<string?>("--plot-data") { Description = "Write gnuplot data (metric, A, B) to this file prefix: PREFIX-rates.dat and PREFIX-latency.dat" };
        foreach (var option in new Option[] { input, a, b, aName, bName, metrics, unavailable, unavailableB, title, markdown, plotData })
        {
            command.Options.Add(option);
        }

        _readers[command] = (parseResult, validation, output) =>
        {
            var path = parseResult.GetValue(input) ?? string.Empty;
            if (!File.Exists(path))
            {
                validation.Add($"--input {path}: no such file");
            }

            var settings = new ReportSettings
            {
                Input = path,
                LabelA = parseResult.GetValue(a) ?? string.Empty,
                LabelB = parseResult.GetValue(b) ?? string.Empty,
                NameA = parseResult.GetValue(aName),
                NameB = parseResult.GetValue(bName),
                Metrics = parseResult.GetValue(metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                UnavailableText = parseResult.GetValue(unavailable) ?? "unavailable",
                UnavailableTextB = parseResult.GetValue(unavailableB),
                Title = parseResult.GetValue(title),
                MarkdownPath = parseResult.GetValue(markdown),
                PlotDataPrefix = parseResult.GetValue(plotData),
            };
            return new ReportRequest(output, settings);
        };
        return command;
    }
}

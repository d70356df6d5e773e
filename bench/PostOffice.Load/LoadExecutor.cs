using PostOffice.Load.Aws;
using PostOffice.Load.CommandLine;
using PostOffice.Load.Mqtt.Runs;
using PostOffice.Load.Output;
using PostOffice.Load.Report;
using PostOffice.Load.Targets;

namespace PostOffice.Load;

/// <summary>Runs a validated request and writes its result: a table or a JSON line on stdout, and the JSON line to --json-file.</summary>
internal static class LoadExecutor
{
    public static async Task<int> ExecuteAsync(LoadRequest request, TextWriter output, TextWriter progress, TextReader input, CancellationToken cancellationToken)
    {
        RunResult result;
        switch (request)
        {
            case ReportRequest report:
                return await ReportAsync(report.Settings, output);
            case MqttIdleRequest idle:
                if (OpenFileLimit.Check(idle.Settings.Connections, idle.Settings.Processes, OpenFileLimit.Read()) is { } limitError)
                {
                    await progress.WriteLineAsync($"postoffice-load: {limitError}");
                    return ExitCodes.Usage;
                }

                result = idle.Settings.Processes > 1
                    ? await new MqttIdleParent(idle.Settings, idle.Output.Label, progress).RunAsync(cancellationToken)
                    : await new MqttIdleRun(idle.Settings, idle.Output.Label, progress, output, input).RunAsync(cancellationToken);
                break;
            case MqttPubSubRequest pubSub:
                if (OpenFileLimit.Check(pubSub.Settings.Publishers + pubSub.Settings.Subscribers, 1, OpenFileLimit.Read()) is { } pubSubLimitError)
                {
                    await progress.WriteLineAsync($"postoffice-load: {pubSubLimitError.Replace("Use --processes", "mqtt-pubsub runs in one process: use fewer connections", StringComparison.Ordinal)}");
                    return ExitCodes.Usage;
                }

                result = await new MqttPubSubRun(pubSub.Settings, pubSub.Output.Label, progress).RunAsync(cancellationToken);
                break;
            case AwsLoadRequest aws:
                result = await new AwsLoadRun(aws.Settings, aws.Output.Label, progress).RunAsync(cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"No executor for {request.GetType().Name}.");
        }

        await WriteAsync(result, request.Output, output);
        return result.Status switch
        {
            RunStatus.Ok => ExitCodes.Ok,
            RunStatus.Unavailable => ExitCodes.Unavailable,
            _ => ExitCodes.Failed,
        };
    }

    private static async Task WriteAsync(RunResult result, OutputSettings settings, TextWriter output)
    {
        var line = ResultWriter.ToJsonLine(result);
        if (settings.Format == OutputFormat.Json)
        {
            await output.WriteLineAsync(line);
        }
        else
        {
            ResultWriter.WriteTable(output, result);
        }

        await output.FlushAsync();
        if (settings.JsonFile is { } path)
        {
            await File.AppendAllTextAsync(path, line + "\n");
        }
    }

    private static async Task<int> ReportAsync(ReportSettings settings, TextWriter output)
    {
        var runs = (await File.ReadAllLinesAsync(settings.Input))
            .Where(line => line.StartsWith('{'))
            .Select(ResultWriter.FromJsonLine)
            .ToList();
        var report = ComparisonReport.Build(runs, settings);
        var markdown = report.ToMarkdown();
        await output.WriteAsync(markdown);
        if (settings.MarkdownPath is { } markdownPath)
        {
            await File.WriteAllTextAsync(markdownPath, markdown);
        }

        if (settings.PlotDataPrefix is { } prefix)
        {
            await File.WriteAllTextAsync(prefix + "-rates.dat", report.ToPlotData(MetricCatalog.Kind.Rate));
            await File.WriteAllTextAsync(prefix + "-latency.dat", report.ToPlotData(MetricCatalog.Kind.Latency));
        }

        return report.A.Runs.Count + report.B.Runs.Count == 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}

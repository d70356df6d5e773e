using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PostOffice.Load.Output;

/// <summary>Writes a <see cref="RunResult"/> as a table for people and as one JSON line for scripts.</summary>
public static class ResultWriter
{
    public const int SchemaVersion = 1;

    public static string ToJsonLine(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("tool", "postoffice-load");
            json.WriteNumber("schema", SchemaVersion);
            json.WriteString("mode", result.Mode);
            json.WriteString("label", result.Label);
            json.WriteString("target", result.Target);
            json.WriteString("status", StatusText(result.Status));
            if (result.Reason is null)
            {
                json.WriteNull("reason");
            }
            else
            {
                json.WriteString("reason", result.Reason);
            }

            json.WriteString("startedAt", result.StartedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("parameters");
            foreach (var (key, value) in result.Parameters)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteStartObject("metrics");
            foreach (var (key, value) in result.Metrics)
            {
                if (double.IsFinite(value))
                {
                    json.WriteNumber(key, Math.Round(value, 3));
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static RunResult FromJsonLine(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var parameters = root.GetProperty("parameters").EnumerateObject()
            .Select(property => KeyValuePair.Create(property.Name, property.Value.GetString() ?? string.Empty)).ToList();
        var metrics = root.GetProperty("metrics").EnumerateObject()
            .Select(property => KeyValuePair.Create(property.Name, property.Value.GetDouble())).ToList();
        return new RunResult(
            root.GetProperty("mode").GetString() ?? string.Empty,
            root.GetProperty("label").GetString() ?? string.Empty,
            root.GetProperty("target").GetString() ?? string.Empty,
            ParseStatus(root.GetProperty("status").GetString()),
            root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null,
            DateTimeOffset.Parse(root.GetProperty("startedAt").GetString() ?? string.Empty, CultureInfo.InvariantCulture),
            parameters,
            metrics);
    }

    public static void WriteTable(TextWriter writer, RunResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<(string Name, string Value)>
        {
            ("mode", result.Mode),
            ("label", result.Label),
            ("target", result.Target),
            ("status", result.Reason is null ? StatusText(result.Status) : $"{StatusText(result.Status)}: {result.Reason}"),
        };
        rows.AddRange(result.Parameters.Select(parameter => (parameter.Key, parameter.Value)));
        rows.AddRange(result.Metrics.Select(metric => (metric.Key, FormatNumber(metric.Value))));
        var nameWidth = rows.Max(row => row.Name.Length);
        var valueWidth = rows.Max(row => row.Value.Length);
        var rule = $"+-{new string('-', nameWidth)}-+-{new string('-', valueWidth)}-+";
        writer.WriteLine(rule);
        for (var i = 0; i < rows.Count; i++)
        {
            var (name, value) = rows[i];
            var isNumber = i >= 4 + result.Parameters.Count;
            writer.WriteLine($"| {name.PadRight(nameWidth)} | {(isNumber ? value.PadLeft(valueWidth) : value.PadRight(valueWidth))} |");
            if (i == 3 || i == 3 + result.Parameters.Count)
            {
                writer.WriteLine(rule);
            }
        }

        if (result.Metrics.Count > 0)
        {
            writer.WriteLine(rule);
        }
    }

    /// <summary>Thousands separators; two decimals below 100, one below 10,000, none above.</summary>
    public static string FormatNumber(double value) => Math.Abs(value) switch
    {
        double.NaN => "-",
        < 100 when value != Math.Floor(value) => value.ToString("#,0.00", CultureInfo.InvariantCulture),
        < 10_000 when value != Math.Floor(value) => value.ToString("#,0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("#,0", CultureInfo.InvariantCulture),
    };

    public static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Ok => "ok",
        RunStatus.Unavailable => "unavailable",
        _ => "failed",
    };

    private static RunStatus ParseStatus(string? text) => text switch
    {
        "ok" => RunStatus.Ok,
        "unavailable" => RunStatus.Unavailable,
        _ => RunStatus.Failed,
    };
}

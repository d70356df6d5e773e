using System.Globalization;

namespace PostOffice.Load.Targets;

/// <summary>Reads one metric from a Prometheus text exposition endpoint, for servers that publish their managed heap.</summary>
public static class PrometheusScrape
{
    public static async Task<double?> ReadAsync(HttpClient client, Uri url, string metric, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var text = await client.GetStringAsync(url, cancellationToken);
            return Sum(text, metric);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The sum of every sample of <paramref name="metric"/> (all label sets); null when there is none.</summary>
    public static double? Sum(string exposition, string metric)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        double? sum = null;
        foreach (var rawLine in exposition.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal) || line.Length == metric.Length)
            {
                continue;
            }

            var next = line[metric.Length];
            if (next != ' ' && next != '{')
            {
                continue;
            }

            var afterLabels = next == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[metric.Length..];
            var fields = afterLabels.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 1 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }
}

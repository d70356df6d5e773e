using System.Globalization;

namespace PostOffice.Load.Targets;

/// <summary>The soft limit on open files of this process (ulimit -n), from /proc/self/limits.</summary>
public static class OpenFileLimit
{
    /// <summary>Descriptors the runtime, the console and the HTTP client hold besides the connections.</summary>
    public const int Reserve = 100;

    public static long? Read()
    {
        try
        {
            return Parse(File.ReadAllText("/proc/self/limits"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of the "Max open files" line; null when absent; long.MaxValue for "unlimited".</summary>
    public static long? Parse(string limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        foreach (var line in limits.Split('\n'))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                continue;
            }

            var soft = line["Max open files".Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return soft switch
            {
                null => null,
                "unlimited" => long.MaxValue,
                _ => long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null,
            };
        }

        return null;
    }

    /// <summary>
    /// An error message when <paramref name="connections"/> spread over <paramref name="processes"/> processes need more
    /// open files per process than <paramref name="limit"/>; null when they fit (or the limit is unknown).
    /// </summary>
    public static string? Check(long connections, int processes, long? limit)
    {
        var perProcess = (connections + processes - 1) / Math.Max(1, processes);
        if (limit is null || perProcess + Reserve <= limit)
        {
            return null;
        }

        var fitPerProcess = Math.Max(1, limit.Value - Reserve);
        var needed = (connections + fitPerProcess - 1) / fitPerProcess;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{connections:N0} connections over {processes} process(es) need about {perProcess + Reserve:N0} open files per process, but each may open {limit:N0} (ulimit -n). Use --processes {needed} or more, or raise the limit.");
    }
}

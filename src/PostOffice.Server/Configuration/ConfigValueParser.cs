using System.Globalization;
using Microsoft.Extensions.Logging;
using PostOffice.Server.Hosting;

namespace PostOffice.Server.Configuration;

/// <summary>Parsers for the value types settings use. Each accepts exactly what the documentation promises.</summary>
internal static class ConfigValueParser
{
    public const string PortExpectation = "a port (1-65535)";
    public const string SizeSyntax = "bytes, or a number with KiB, MiB or GiB";
    public const string DurationSyntax = "a number with ms, s, m or h";
    public const string LogLevelExpectation = "a log level (trace, debug, information, warning, error, critical, none)";

    // Binary units only: "MB" is ambiguous (10^6 or 2^20) and is refused rather than guessed.
    private static readonly (string Suffix, long Multiplier)[] SizeUnits =
    [
        ("KiB", 1L << 10),
        ("MiB", 1L << 20),
        ("GiB", 1L << 30),
        ("B", 1),
    ];

    // "ms" before "m" and "s" so that "500ms" is not read as 500m followed by junk.
    private static readonly (string Suffix, long Milliseconds)[] DurationUnits =
    [
        ("ms", 1),
        ("s", 1000),
        ("m", 60_000),
        ("h", 3_600_000),
    ];

    /// <summary>Parses <c>true</c> or <c>false</c> (any case); YAML's yes/no/on/off are refused as ambiguous.</summary>
    public static bool TryParseBoolean(string text, out bool value)
    {
        value = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
        return value || string.Equals(text, "false", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    /// <summary>Parses <c>65536</c>, <c>64KiB</c>, <c>64 MiB</c> or <c>1GiB</c> into bytes.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var multiplier = 1L;
        var number = text.AsSpan().Trim();
        foreach (var (suffix, unitBytes) in SizeUnits)
        {
            if (number.EndsWith(suffix, StringComparison.Ordinal))
            {
                number = number[..^suffix.Length].TrimEnd();
                multiplier = unitBytes;
                break;
            }
        }

        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        return TryMultiply(count, multiplier, out bytes);
    }

    /// <summary>Parses <c>250ms</c>, <c>5s</c>, <c>5m</c> or <c>1h</c>. A bare number is refused: its unit would be a guess.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = text.AsSpan().Trim();
        foreach (var (suffix, unitMilliseconds) in DurationUnits)
        {
            if (!trimmed.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            var number = trimmed[..^suffix.Length].TrimEnd();
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || !TryMultiply(count, unitMilliseconds, out var milliseconds)
                || milliseconds > (long)TimeSpan.MaxValue.TotalMilliseconds)
            {
                return false;
            }

            duration = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        return false;
    }

    public static bool TryParseCpuScheduling(string text, out CpuSchedulingPolicy policy)
    {
        (var known, policy) = text.Trim().ToUpperInvariant() switch
        {
            "BATCH" => (true, CpuSchedulingPolicy.Batch),
            "NORMAL" => (true, CpuSchedulingPolicy.Normal),
            _ => (false, CpuSchedulingPolicy.Batch),
        };
        return known;
    }

    public static bool TryParseLogLevel(string text, out LogLevel level)
    {
        // Names, not numbers: Enum.TryParse would also accept "3" or "Warning, Error".
        (var known, level) = text.Trim().ToUpperInvariant() switch
        {
            "TRACE" => (true, LogLevel.Trace),
            "DEBUG" => (true, LogLevel.Debug),
            "INFORMATION" or "INFO" => (true, LogLevel.Information),
            "WARNING" or "WARN" => (true, LogLevel.Warning),
            "ERROR" => (true, LogLevel.Error),
            "CRITICAL" => (true, LogLevel.Critical),
            "NONE" => (true, LogLevel.None),
            _ => (false, LogLevel.None),
        };
        return known;
    }

    /// <summary>Formats bytes the way a size is written in the config, for messages.</summary>
    public static string FormatSize(long bytes)
    {
        // Largest unit first, so 1 GiB is not written as 1024MiB.
        foreach (var (suffix, multiplier) in SizeUnits.Where(unit => unit.Multiplier > 1).Reverse())
        {
            if (bytes >= multiplier && bytes % multiplier == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{bytes / multiplier}{suffix}");
            }
        }

        return bytes.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a duration the way it is written in the config (5m, 250ms), for messages.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var milliseconds = (long)duration.TotalMilliseconds;
        foreach (var (suffix, unitMilliseconds) in Enumerable.Reverse(DurationUnits))
        {
            if (milliseconds >= unitMilliseconds && milliseconds % unitMilliseconds == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{milliseconds / unitMilliseconds}{suffix}");
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{milliseconds}ms");
    }

    private static bool TryMultiply(long count, long multiplier, out long result)
    {
        // count is never negative: NumberStyles.None refuses a sign.
        var fits = count <= long.MaxValue / multiplier;
        result = fits ? count * multiplier : 0;
        return fits;
    }
}

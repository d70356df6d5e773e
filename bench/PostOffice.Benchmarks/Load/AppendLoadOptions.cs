using System.Globalization;

namespace PostOffice.Benchmarks.Load;

/// <summary>Command-line settings of <c>append-load</c>.</summary>
public sealed record AppendLoadOptions
{
    public IReadOnlyList<int> Writers { get; init; } = [1, 16, 256];

    public double Seconds { get; init; } = 10;

    public double WarmupSeconds { get; init; } = 2;

    public int RecordBytes { get; init; } = 512;

    /// <summary>A directory on the disk to measure; a fresh subdirectory is made in it and deleted at the end.</summary>
    public string Directory { get; init; } = Path.GetTempPath();

    /// <summary>Skips the raw write+fdatasync ceiling.</summary>
    public bool SkipRaw { get; init; }

    public static AppendLoadOptions Parse(string[] args)
    {
        var options = new AppendLoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--writers" => options with { Writers = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParsePositive)] },
                "--seconds" => options with { Seconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--warmup-seconds" => options with { WarmupSeconds = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--record-bytes" => options with { RecordBytes = ParsePositive(Value()) },
                "--dir" => options with { Directory = Value() },
                "--no-raw" => options with { SkipRaw = true },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        if (options.Seconds <= 0 || options.WarmupSeconds < 0 || options.Seconds + options.WarmupSeconds > 600)
        {
            throw new ArgumentException("--seconds must be positive, --warmup-seconds not negative, and together at most 600.");
        }

        if (options.Writers.Count == 0 || options.Writers.Any(writers => writers > 100_000))
        {
            throw new ArgumentException("--writers takes a comma-separated list of counts between 1 and 100000.");
        }

        return options;
    }

    private static int ParsePositive(string text)
    {
        var value = int.Parse(text, CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new ArgumentException($"'{text}' must be positive.");
    }
}

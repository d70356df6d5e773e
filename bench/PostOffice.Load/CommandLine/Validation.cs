using System.Globalization;

namespace PostOffice.Load.CommandLine;

/// <summary>Collects the errors of one command line, each naming its option and the accepted range.</summary>
internal sealed class Validation
{
    public List<string> Errors { get; } = [];

    public void Range(string option, long value, long min, long max, string? meaning = null)
    {
        if (value < min || value > max)
        {
            Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{option} {value}: must be between {min:N0} and {max:N0}{(meaning is null ? string.Empty : " " + meaning)}"));
        }
    }

    public void Seconds(string option, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Errors.Add(string.Create(CultureInfo.InvariantCulture, $"{option} {value}: must be between {min} and {max} seconds (every run is bounded in time)"));
        }
    }

    public void Add(string error) => Errors.Add(error);
}

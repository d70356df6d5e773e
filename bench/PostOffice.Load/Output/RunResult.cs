namespace PostOffice.Load.Output;

/// <summary>
/// What one run produced: the parameters it ran with and flat, named figures (rates per second, latencies in
/// microseconds, bytes) so that scripts can compare runs without knowing each mode.
/// </summary>
public sealed record RunResult(
    string Mode,
    string Label,
    string Target,
    RunStatus Status,
    string? Reason,
    DateTimeOffset StartedAt,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    IReadOnlyList<KeyValuePair<string, double>> Metrics)
{
    public static RunResult Unavailable(string mode, string label, string target, DateTimeOffset startedAt, IReadOnlyList<KeyValuePair<string, string>> parameters, string reason) =>
        new(mode, label, target, RunStatus.Unavailable, reason, startedAt, parameters, []);

    public double? Metric(string name)
    {
        foreach (var (key, value) in Metrics)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}

using System.Text.Json;

namespace PostOffice.Benchmarks.Allocations;

/// <summary>One entry of <c>allocations.json</c>: the bytes one operation of a benchmark may allocate.</summary>
/// <param name="WarnOnly">For noisy benchmarks: growth is reported but does not fail the check.</param>
public sealed record AllocationBudget(string Benchmark, long BytesPerOperation, bool WarnOnly)
{
    public const string FileName = "allocations.json";

    /// <summary>Reads the budgets; the file is an object whose <c>benchmarks</c> array holds one entry per benchmark.</summary>
    public static IReadOnlyDictionary<string, AllocationBudget> Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var budgets = new Dictionary<string, AllocationBudget>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.GetProperty("benchmarks").EnumerateArray())
        {
            var budget = new AllocationBudget(
                entry.GetProperty("benchmark").GetString() ?? throw new InvalidDataException($"{path}: an entry has no benchmark name."),
                entry.GetProperty("bytesPerOperation").GetInt64(),
                entry.TryGetProperty("warnOnly", out var warnOnly) && warnOnly.GetBoolean());
            if (!budgets.TryAdd(budget.Benchmark, budget))
            {
                throw new InvalidDataException($"{path}: '{budget.Benchmark}' is listed twice.");
            }
        }

        return budgets;
    }
}

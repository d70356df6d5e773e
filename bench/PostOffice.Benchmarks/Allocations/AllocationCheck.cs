using System.Diagnostics;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace PostOffice.Benchmarks.Allocations;

/// <summary>
/// Runs every micro benchmark with a short job and compares the bytes each operation allocates with
/// <c>allocations.json</c>; fails when one allocates more than its entry, or is missing from the file.
/// </summary>
/// <remarks>
/// The memory diagnoser counts allocated bytes exactly (per thread allocation counters), so a few iterations suffice;
/// what a short job loses is timing precision, which this check does not use. The warm-up still lets tiered
/// compilation reach its optimized code, whose allocations (after escape analysis) are the ones that matter.
/// </remarks>
public static class AllocationCheck
{
    private const string NamePrefix = "PostOffice.Benchmarks.";

    public static int Run(string[] args)
    {
        string budgetPath;
        if (args.Length == 0)
        {
            budgetPath = Path.Combine(AppContext.BaseDirectory, AllocationBudget.FileName);
        }
        else if (args is ["--budget", var path])
        {
            budgetPath = path;
        }
        else
        {
            Console.Error.WriteLine("Usage: check-allocations [--budget <allocations.json>]");
            return 2;
        }

        var budgets = AllocationBudget.Load(budgetPath);

        var stopwatch = Stopwatch.StartNew();
        var job = Job.ShortRun
            .WithWarmupCount(3)
            .WithIterationCount(3)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150))
            .WithId("AllocationCheck");
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.Console)
            .WithOptions(ConfigOptions.DisableLogFile);
        var summaries = BenchmarkRunner.Run(Program.MicroBenchmarkTypes, config);

        var failures = Compare(budgets, summaries);
        Console.WriteLine($"Allocation check finished in {stopwatch.Elapsed.TotalSeconds:F0} s: {(failures == 0 ? "passed" : $"{failures} failure(s)")}.");
        return failures == 0 ? 0 : 1;
    }

    private static int Compare(IReadOnlyDictionary<string, AllocationBudget> budgets, Summary[] summaries)
    {
        var failures = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Console.WriteLine();
        Console.WriteLine("| Benchmark | Budget B/op | Measured B/op | Result |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var summary in summaries)
        {
            foreach (var benchmarkCase in summary.BenchmarksCases)
            {
                var name = NameOf(benchmarkCase);
                seen.Add(name);
                var report = summary[benchmarkCase];
                long? measured = report is { Success: true } ? report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) : null;
                budgets.TryGetValue(name, out var budget);
                string result;
                if (measured is null)
                {
                    result = "FAIL: the benchmark did not run";
                    failures++;
                }
                else if (budget is null)
                {
                    result = $"FAIL: not in {AllocationBudget.FileName}; add it";
                    failures++;
                }
                else if (measured > budget.BytesPerOperation)
                {
                    result = budget.WarnOnly ? "warn: allocates more than its budget" : "FAIL: allocates more than its budget";
                    failures += budget.WarnOnly ? 0 : 1;
                }
                else if (measured < budget.BytesPerOperation)
                {
                    result = "ok (below budget: lower the entry)";
                }
                else
                {
                    result = "ok";
                }

                Console.WriteLine($"| {name} | {budget?.BytesPerOperation.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} | {measured?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} | {result} |");
            }
        }

        foreach (var stale in budgets.Keys.Where(name => !seen.Contains(name)))
        {
            Console.WriteLine($"| {stale} | {budgets[stale].BytesPerOperation} | - | FAIL: no such benchmark; remove the entry |");
            failures++;
        }

        return failures;
    }

    /// <summary>The benchmark's full name without the assembly's root namespace, e.g. <c>Storage.Crc32CBenchmarks.Compute(Size: 64)</c>.</summary>
    private static string NameOf(BenchmarkCase benchmarkCase)
    {
        var name = FullNameProvider.GetBenchmarkName(benchmarkCase);
        return name.StartsWith(NamePrefix, StringComparison.Ordinal) ? name[NamePrefix.Length..] : name;
    }
}

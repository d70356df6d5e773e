namespace PostOffice.Architecture.Tests;

/// <summary>
/// The dependency rule of ARCHITECTURE.md §3: each project may reference only the projects listed for it. A project
/// missing from this table fails the test until someone decides where it belongs.
/// </summary>
public static class Layers
{
    public static IReadOnlyDictionary<string, string[]> Allowed { get; } = new Dictionary<string, string[]>
    {
        ["PostOffice.Core"] = [],
        ["PostOffice.Mqtt"] = [],
        ["PostOffice.Storage"] = ["PostOffice.Core"],
        ["PostOffice.Broker"] = ["PostOffice.Core", "PostOffice.Storage"],
        ["PostOffice.Aws"] = ["PostOffice.Core", "PostOffice.Storage", "PostOffice.Broker"],
        ["PostOffice.Gateway"] = ["PostOffice.Core", "PostOffice.Mqtt", "PostOffice.Storage", "PostOffice.Broker"],
        ["PostOffice.Server"] = ["PostOffice.Core", "PostOffice.Mqtt", "PostOffice.Storage", "PostOffice.Broker", "PostOffice.Aws", "PostOffice.Gateway"],
        ["PostOffice.Client"] = ["PostOffice.Mqtt"],
    };

    /// <summary>Every reference in <paramref name="references"/> that the rule forbids, as "A -> B".</summary>
    public static IEnumerable<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> references)
    {
        foreach (var (project, targets) in references)
        {
            if (!Allowed.TryGetValue(project, out var allowed))
            {
                yield return $"{project} is not in the layer table";
                continue;
            }

            foreach (var target in targets.Where(t => !allowed.Contains(t)))
            {
                yield return $"{project} -> {target}";
            }
        }
    }
}

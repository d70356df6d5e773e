namespace PostOffice.Server.Configuration;

/// <summary>Finds the known names a misspelt one was probably meant to be, for "did you mean" hints.</summary>
internal static class KeySuggester
{
    /// <summary>Returns <c> (did you mean "x"?)</c>, or an empty string when nothing is close enough to be a useful guess.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates) =>
        Format(Suggest(typed, candidates));

    /// <summary>
    /// The closest candidates (at most two, tied in distance), if within a third of the typed name's length in
    /// edits; a tie is offered as a choice, while a farther candidate would only be noise.
    /// </summary>
    public static IReadOnlyList<string> Suggest(string typed, IEnumerable<string> candidates)
    {
        var scored = candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(typed, candidate)))
            .Where(pair => pair.Distance <= Math.Max(1, typed.Length / 3))
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        var best = scored.Min(pair => pair.Distance);
        return scored.Where(pair => pair.Distance == best).Select(pair => pair.Candidate).Take(2).ToList();
    }

    /// <summary>Formats suggestions as <c> (did you mean "x" or "y"?)</c>; empty when there are none.</summary>
    public static string Format(IReadOnlyList<string> close) =>
        close.Count switch
        {
            0 => string.Empty,
            1 => $" (did you mean \"{close[0]}\"?)",
            _ => $" (did you mean \"{close[0]}\" or \"{close[1]}\"?)",
        };

    /// <summary>Levenshtein distance ignoring case, so that a wrong capital costs nothing but still gets suggested.</summary>
    internal static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

namespace PostOffice.Aws.Sqs;

/// <summary>
/// Which message attributes a ReceiveMessage caller asked for (MessageAttributeNames): <c>All</c> or <c>.*</c> for
/// every one, <c>prefix.*</c> for a prefix, or exact names.
/// </summary>
/// <remarks>
/// AWS documents <c>bar.*</c> only as "attributes starting with a prefix". Attribute names use periods as namespace
/// separators (never leading, trailing or doubled), so <c>bar.*</c> selects <c>bar</c> and everything under
/// <c>bar.</c>; returning an attribute too many is harmless, one too few breaks a consumer.
/// </remarks>
internal sealed class MessageAttributeSelection
{
    private readonly bool _all;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public MessageAttributeSelection(IEnumerable<string> requested)
    {
        foreach (var name in requested)
        {
            if (name is "All" or ".*")
            {
                _all = true;
            }
            else if (name.EndsWith(".*", StringComparison.Ordinal))
            {
                _prefixes.Add(name[..^2]);
            }
            else
            {
                _names.Add(name);
            }
        }
    }

    public bool IsEmpty => !_all && _names.Count == 0 && _prefixes.Count == 0;

    public bool Matches(string name)
    {
        if (_all || _names.Contains(name))
        {
            return true;
        }

        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && (name.Length == prefix.Length || name[prefix.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace PostOffice.Aws.Dispatch;

/// <summary>A service's actions by wire name (case-sensitive, as AWS matches them).</summary>
internal sealed class AwsActionTable
{
    private readonly FrozenDictionary<string, IAwsAction> _actions;
    private readonly FrozenDictionary<string, IAwsAction>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public AwsActionTable(IEnumerable<IAwsAction> actions)
    {
        _actions = actions.ToFrozenDictionary(action => action.Name, StringComparer.Ordinal);
        _bySpan = _actions.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public IEnumerable<string> Names => _actions.Keys;

    /// <summary>Looks an action up by a slice of the target header or form, without allocating its name.</summary>
    public bool TryGet(ReadOnlySpan<char> name, [NotNullWhen(true)] out IAwsAction? action) => _bySpan.TryGetValue(name, out action);
}

using System.Diagnostics.CodeAnalysis;

namespace PostOffice.Gateway.Routing;

/// <summary>One level of the retained-message trie, holding the message retained on the topic that ends here.</summary>
/// <remarks>
/// The value and its topic need no common object: every topic string stored in a node spells the same name (the path
/// to the node), so a reader that sees a value (published with a volatile write after the topic) sees a correct topic.
/// </remarks>
internal sealed class RetainedNode<TValue>(string levelSource, int levelStart, int levelLength)
    : TrieNode(levelSource, levelStart, levelLength)
    where TValue : class
{
    private string _topicName = string.Empty;
    private TValue? _value;

    public bool IsEmptyLocked => _value is null && !HasChildren;

    public bool TryGet([MaybeNullWhen(false)] out string topicName, [MaybeNullWhen(false)] out TValue value)
    {
        value = Volatile.Read(ref _value);
        topicName = value is null ? null : Volatile.Read(ref _topicName);
        return value is not null;
    }

    /// <summary>Sets the value, or clears it when null; true when the node held one before.</summary>
    public bool SetLocked(string topicName, TValue? value)
    {
        var had = _value is not null;
        if (value is not null)
        {
            Volatile.Write(ref _topicName, topicName);
        }

        Volatile.Write(ref _value, value);
        return had;
    }
}

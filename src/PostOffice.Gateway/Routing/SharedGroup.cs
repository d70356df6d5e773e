using System.Diagnostics.CodeAnalysis;

namespace PostOffice.Gateway.Routing;

/// <summary>
/// The sessions subscribed to one "$share/{ShareName}/{filter}" (4.8.2): a matching message goes to one of them,
/// chosen round-robin.
/// </summary>
/// <remarks>
/// Members are an array copied on change (groups are small and change rarely); picking reads it without a lock and
/// advances a shared cursor with one interlocked increment.
/// </remarks>
public sealed class SharedGroup<TSubscriber>
    where TSubscriber : class
{
    private SubscriptionEntry<TSubscriber>[] _members = [];
    private int _cursor = -1;

    internal SharedGroup(string shareName, string topicFilter)
    {
        ShareName = shareName;
        TopicFilter = topicFilter;
    }

    public string ShareName { get; }

    /// <summary>The filter after "$share/{ShareName}/".</summary>
    public string TopicFilter { get; }

    public int MemberCount => Volatile.Read(ref _members).Length;

    internal bool IsEmptyLocked => _members.Length == 0;

    /// <summary>The next member in round-robin order; false when the group has none.</summary>
    public bool TryPickNext([MaybeNullWhen(false)] out TSubscriber member, out SubscriptionOptions options)
    {
        var members = Volatile.Read(ref _members);
        if (members.Length == 0)
        {
            member = null;
            options = default;
            return false;
        }

        var entry = members[(uint)Interlocked.Increment(ref _cursor) % (uint)members.Length];
        member = entry.Subscriber;
        options = entry.Options;
        return true;
    }

    /// <summary>
    /// The next member in round-robin order that <paramref name="filter"/> accepts, trying each member at most once;
    /// false when it rejects them all (every member disconnected, say) or the group is empty.
    /// </summary>
    public bool TryPickNext<TFilter>(ref TFilter filter, [MaybeNullWhen(false)] out TSubscriber member, out SubscriptionOptions options)
        where TFilter : struct, ISharedMemberFilter<TSubscriber>
    {
        var members = Volatile.Read(ref _members);
        var length = (uint)members.Length;
        var start = (uint)Interlocked.Increment(ref _cursor);
        for (var skipped = 0u; skipped < length; skipped++)
        {
            var entry = members[(start + skipped) % length];
            if (filter.Accept(entry.Subscriber, in entry.Options))
            {
                if (skipped > 0)
                {
                    // Move the cursor past the rejected members so the next pick starts after the chosen one.
                    Interlocked.Add(ref _cursor, (int)skipped);
                }

                member = entry.Subscriber;
                options = entry.Options;
                return true;
            }
        }

        member = null;
        options = default;
        return false;
    }

    /// <summary>Adds the member, or replaces its options when it is already one [MQTT-3.8.4-3]; true when replaced.</summary>
    internal bool AddOrReplaceLocked(SubscriptionEntry<TSubscriber> entry)
    {
        var members = _members;
        var index = IndexOf(members, entry.Subscriber);
        SubscriptionEntry<TSubscriber>[] updated;
        if (index >= 0)
        {
            updated = (SubscriptionEntry<TSubscriber>[])members.Clone();
            updated[index] = entry;
        }
        else
        {
            updated = new SubscriptionEntry<TSubscriber>[members.Length + 1];
            members.CopyTo(updated, 0);
            updated[^1] = entry;
        }

        Volatile.Write(ref _members, updated);
        return index >= 0;
    }

    internal bool RemoveLocked(TSubscriber subscriber)
    {
        var members = _members;
        var index = IndexOf(members, subscriber);
        if (index < 0)
        {
            return false;
        }

        var updated = new SubscriptionEntry<TSubscriber>[members.Length - 1];
        Array.Copy(members, 0, updated, 0, index);
        Array.Copy(members, index + 1, updated, index, members.Length - index - 1);
        Volatile.Write(ref _members, updated);
        return true;
    }

    private static int IndexOf(SubscriptionEntry<TSubscriber>[] members, TSubscriber subscriber)
    {
        for (var i = 0; i < members.Length; i++)
        {
            if (ReferenceEquals(members[i].Subscriber, subscriber))
            {
                return i;
            }
        }

        return -1;
    }
}

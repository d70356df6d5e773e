namespace PostOffice.Broker.Queues;

/// <summary>
/// FIFO deduplication: a message whose deduplication id was seen within the window is accepted but not enqueued,
/// and the caller gets the first message's id back. Entries outlive the message's deletion and the queue's purge,
/// and are part of snapshots, so the window survives restarts.
/// </summary>
internal sealed class DeduplicationTable
{
    private readonly Dictionary<string, DeduplicationEntry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long ExpiresAt)> _expiry = new();

    public int Count => _entries.Count;

    public IEnumerable<KeyValuePair<string, DeduplicationEntry>> Entries => _entries;

    public static string Key(string? groupId, string deduplicationId, bool perGroup) =>
        perGroup ? groupId + "\n" + deduplicationId : deduplicationId;

    public bool TryGet(string key, long now, out DeduplicationEntry entry)
    {
        Expire(now);
        return _entries.TryGetValue(key, out entry!);
    }

    public void Add(string key, DeduplicationEntry entry)
    {
        _entries[key] = entry;
        _expiry.Enqueue((key, entry.ExpiresAt));
    }

    public void Expire(long now)
    {
        while (_expiry.TryPeek(out var next) && next.ExpiresAt <= now)
        {
            _expiry.Dequeue();
            if (_entries.TryGetValue(next.Key, out var entry) && entry.ExpiresAt <= now)
            {
                _entries.Remove(next.Key);
            }
        }
    }
}

internal sealed record DeduplicationEntry(Guid MessageId, long Seq, long ExpiresAt);

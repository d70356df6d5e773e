namespace PostOffice.Gateway.Connections;

/// <summary>
/// The Topic Alias mappings of one network connection (MQTT 5.0 §3.3.2.3.4), made the first time an alias is used in
/// either direction: a connection that never uses one holds none. The directions are independent: alias 1 from the
/// client and alias 1 from the server usually name different topics. Mappings die with the connection
/// [MQTT-3.3.2-7].
/// </summary>
/// <remarks>
/// Client to server (<see cref="Incoming"/>): used by the read loop only. Server to client: guarded by this object's
/// monitor, which the connection holds from choosing an alias until the PUBLISH carrying it is queued, so packets
/// leave in the order their aliases were set and a client always learns an alias before a packet relies on it.
/// </remarks>
internal sealed class TopicAliases
{
    private Dictionary<string, ushort>? _outgoingByTopic;
    private OutgoingAlias[]? _outgoing;
    private int _outgoingCount;
    private long _clock;

    /// <summary>Topics the client named by alias, by alias.</summary>
    public Dictionary<ushort, string>? Incoming { get; set; }

    /// <summary>Aliases in use towards the client.</summary>
    public int OutgoingCount => _outgoingCount;

    /// <summary>
    /// The alias to send <paramref name="topic"/> with: the one it has (<paramref name="known"/>: the Topic Name can be
    /// left out), else a free one, else the least recently used one, which the PUBLISH will set to this topic. Call
    /// <see cref="Assign"/> once that PUBLISH is queued. The caller holds this object's monitor.
    /// </summary>
    public ushort ChooseOutgoing(string topic, int maximum, out bool known)
    {
        if (_outgoingByTopic is not null && _outgoingByTopic.TryGetValue(topic, out var alias))
        {
            _outgoing![alias - 1].LastUsed = ++_clock;
            known = true;
            return alias;
        }

        known = false;
        if (_outgoingCount < maximum)
        {
            return (ushort)(_outgoingCount + 1);
        }

        // All in use: replace the least recently used. A scan: the table holds at most a few dozen aliases and
        // is full only for a client receiving on more topics than it has aliases.
        var outgoing = _outgoing!;
        var oldest = 0;
        for (var i = 1; i < _outgoingCount; i++)
        {
            if (outgoing[i].LastUsed < outgoing[oldest].LastUsed)
            {
                oldest = i;
            }
        }

        return (ushort)(oldest + 1);
    }

    /// <summary>Records that a PUBLISH queued for the client set <paramref name="alias"/> to <paramref name="topic"/>.</summary>
    public void Assign(string topic, ushort alias, int maximum)
    {
        var index = alias - 1;
        if (index == _outgoingCount)
        {
            if (_outgoing is null || _outgoing.Length == _outgoingCount)
            {
                // Grown as used: most connections receive on a few topics.
                Array.Resize(ref _outgoing, Math.Min(maximum, Math.Max(4, _outgoingCount * 2)));
            }

            _outgoingCount++;
        }
        else
        {
            _outgoingByTopic!.Remove(_outgoing![index].Topic);
        }

        _outgoing![index] = new OutgoingAlias(topic, ++_clock);
        (_outgoingByTopic ??= new Dictionary<string, ushort>(StringComparer.Ordinal))[topic] = alias;
    }

    private struct OutgoingAlias(string topic, long lastUsed)
    {
        public readonly string Topic = topic;
        public long LastUsed = lastUsed;
    }
}

namespace PostOffice.Load.Mqtt;

/// <summary>
/// One timer for every connection's keep-alive: connections are spread over <see cref="SlotCount"/> slots and one
/// slot is due on each tick, so with a one-second tick every connection comes up once per <see cref="SlotCount"/>
/// seconds and the pings of 20,000 connections are spread evenly instead of firing together. Not thread-safe:
/// add everything before ticking, or from the ticking thread.
/// </summary>
internal sealed class KeepAliveWheel<T>
{
    private readonly List<T>[] _slots;
    private long _tick;

    public KeepAliveWheel(int slotCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCount, 1);
        _slots = new List<T>[slotCount];
        for (var i = 0; i < slotCount; i++)
        {
            _slots[i] = [];
        }
    }

    public int SlotCount => _slots.Length;

    /// <summary>The slots for a keep-alive of <paramref name="keepAliveSeconds"/>: each connection sends at half the interval (MQTT-3.1.2-22 allows 1.5x before the server disconnects).</summary>
    public static int SlotsFor(int keepAliveSeconds) => Math.Max(1, keepAliveSeconds / 2);

    public void Add(int index, T item) => _slots[index % _slots.Length].Add(item);

    /// <summary>The items of the slot now due; advances the wheel by one tick.</summary>
    public List<T> NextSlot() => _slots[(int)(_tick++ % _slots.Length)];

    public IEnumerable<T> All => _slots.SelectMany(slot => slot);
}

namespace PostOffice.Load.Statistics;

/// <summary>
/// Which sequence numbers one destination (a queue, an HTTP endpoint) has received, in one bit each: it tells a
/// first delivery from a duplicate whatever the order. Memory grows with the highest number seen, in blocks of
/// 2^20 numbers (128 KiB), so a run of ten million publishes costs 1.25 MB per destination.
/// Not thread-safe: the caller serializes <see cref="Record"/>.
/// </summary>
public sealed class DeliveryLedger
{
    private const int BlockBits = 20;
    private const int WordsPerBlock = (1 << BlockBits) / 64;

    private readonly List<ulong[]?> _blocks = [];

    public long Distinct { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Records <paramref name="sequence"/> (0 or more); true the first time, false for a duplicate.</summary>
    public bool Record(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var blockIndex = (int)(sequence >> BlockBits);
        while (_blocks.Count <= blockIndex)
        {
            _blocks.Add(null);
        }

        var block = _blocks[blockIndex] ??= new ulong[WordsPerBlock];
        var bit = sequence & ((1 << BlockBits) - 1);
        var mask = 1UL << (int)(bit & 63);
        ref var word = ref block[bit >> 6];
        if ((word & mask) != 0)
        {
            Duplicates++;
            return false;
        }

        word |= mask;
        Distinct++;
        return true;
    }
}

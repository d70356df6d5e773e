namespace PostOffice.Load.Statistics;

/// <summary>
/// Counts the distinct and duplicate sequence numbers received from one publisher, in bounded memory: MQTT keeps one
/// publisher's messages in order on a subscription, so a 1,024-number sliding window above the lowest missing number
/// tells a duplicate from a late arrival. A number that falls below the window is counted as a duplicate (a message
/// 1,024 places late is not something a broker does without a reconnect, which this tool never makes).
/// Single writer; read the counts after the writer has stopped.
/// </summary>
public sealed class SequenceTracker
{
    private const int WindowBits = 1024;
    private readonly ulong[] _window = new ulong[WindowBits / 64];

    /// <summary>Every number below this one has been received.</summary>
    private long _lowestMissing;

    public long Distinct { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Received out of order (a gap that was filled later); not an error in itself.</summary>
    public long Reordered { get; private set; }

    private long _highest = -1;

    /// <summary>Records <paramref name="sequence"/>; true when it is new, false when it is a duplicate.</summary>
    public bool Record(long sequence)
    {
        if (sequence < _lowestMissing)
        {
            Duplicates++;
            return false;
        }

        // Slide the window so that the new number fits, forgetting (as lost) whatever falls off the bottom.
        if (sequence >= _lowestMissing + WindowBits)
        {
            var newLowest = sequence - WindowBits + 1;
            if (newLowest - _lowestMissing >= WindowBits)
            {
                Array.Clear(_window);
            }
            else
            {
                for (var forgotten = _lowestMissing; forgotten < newLowest; forgotten++)
                {
                    ClearBit(forgotten);
                }
            }

            _lowestMissing = newLowest;
        }

        if (IsSet(sequence))
        {
            Duplicates++;
            return false;
        }

        if (sequence < _highest)
        {
            Reordered++;
        }

        _highest = Math.Max(_highest, sequence);
        SetBit(sequence);
        Distinct++;
        while (IsSet(_lowestMissing))
        {
            ClearBit(_lowestMissing);
            _lowestMissing++;
        }

        return true;
    }

    private bool IsSet(long sequence) => (_window[Slot(sequence)] & Mask(sequence)) != 0;

    private void SetBit(long sequence) => _window[Slot(sequence)] |= Mask(sequence);

    private void ClearBit(long sequence) => _window[Slot(sequence)] &= ~Mask(sequence);

    private static int Slot(long sequence) => (int)((sequence % WindowBits) >> 6);

    private static ulong Mask(long sequence) => 1UL << (int)(sequence & 63);
}

namespace PostOffice.Benchmarks.Load;

/// <summary>Where a run is: writers record latencies only for appends started while measuring.</summary>
public sealed class LoadPhase
{
    public const int WarmingUp = 0;
    public const int Measuring = 1;
    public const int Stopped = 2;

    private volatile int _current;

    public int Current => _current;

    public void MoveTo(int phase) => _current = phase;
}

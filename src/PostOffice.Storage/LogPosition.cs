namespace PostOffice.Storage;

/// <summary>
/// The place of a record in the write-ahead log: a byte offset in one logical address space that every log file
/// continues. Positions only grow; a file is named after the position of its first byte.
/// </summary>
public readonly record struct LogPosition(long Value) : IComparable<LogPosition>
{
    public static LogPosition Start => default;

    public int CompareTo(LogPosition other) => Value.CompareTo(other.Value);

    public static bool operator <(LogPosition left, LogPosition right) => left.Value < right.Value;

    public static bool operator >(LogPosition left, LogPosition right) => left.Value > right.Value;

    public static bool operator <=(LogPosition left, LogPosition right) => left.Value <= right.Value;

    public static bool operator >=(LogPosition left, LogPosition right) => left.Value >= right.Value;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

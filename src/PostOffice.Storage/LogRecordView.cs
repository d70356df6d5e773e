namespace PostOffice.Storage;

/// <summary>A record read back from the log during replay. The payload is only valid during the callback.</summary>
public readonly ref struct LogRecordView
{
    public LogRecordView(LogPosition position, byte kind, long owner, bool retained, ReadOnlySpan<byte> payload)
    {
        Position = position;
        Kind = kind;
        Owner = owner;
        Retained = retained;
        Payload = payload;
    }

    public LogPosition Position { get; }

    public byte Kind { get; }

    public long Owner { get; }

    public bool Retained { get; }

    public ReadOnlySpan<byte> Payload { get; }
}

namespace PostOffice.Storage;

/// <summary>A record read back by position (see <see cref="IWriteAheadLog.ReadAsync"/>); owns its payload.</summary>
public sealed record StoredRecord(LogPosition Position, byte Kind, long Owner, ReadOnlyMemory<byte> Payload);

namespace PostOffice.Storage;

/// <summary>One record to append: an engine-defined kind, the id of the entity it belongs to, and its bytes.</summary>
/// <param name="Kind">Engine-defined record type (enqueue, receive, delete, ...). The log does not interpret it.</param>
/// <param name="Owner">The catalog id of the queue, topic or session the record belongs to.</param>
/// <param name="Payload">The record's bytes; copied into the log before the append call returns.</param>
/// <param name="Retained">
/// True when the caller will keep referring to this record by position after it is covered by a snapshot (a message
/// body read back later). A retained record keeps its log file alive until <see cref="IWriteAheadLog.Release"/>
/// is called for it; other records are dead once a snapshot covers them.
/// </param>
public readonly record struct LogRecord(byte Kind, long Owner, ReadOnlyMemory<byte> Payload, bool Retained = false);

namespace PostOffice.Storage.Chunks;

/// <summary>One record inside a chunk: its offset from the chunk's start, its header fields and its payload.</summary>
internal readonly ref struct ChunkRecord(int offsetInChunk, byte kind, bool retained, long owner, ReadOnlySpan<byte> payload)
{
    public int OffsetInChunk { get; } = offsetInChunk;

    public byte Kind { get; } = kind;

    public bool Retained { get; } = retained;

    public long Owner { get; } = owner;

    public ReadOnlySpan<byte> Payload { get; } = payload;
}

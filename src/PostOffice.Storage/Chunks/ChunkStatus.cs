namespace PostOffice.Storage.Chunks;

/// <summary>What <see cref="ChunkCodec.Check"/> found at an offset.</summary>
internal enum ChunkStatus
{
    /// <summary>A whole chunk whose CRC and record framing are valid.</summary>
    Valid,

    /// <summary>The bytes end before the chunk does (a torn write, or simply the end of the data).</summary>
    Incomplete,

    /// <summary>No chunk starts here: wrong magic, an impossible length, a CRC mismatch or broken record framing.</summary>
    Invalid,
}

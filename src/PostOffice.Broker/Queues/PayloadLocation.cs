namespace PostOffice.Broker.Queues;

/// <summary>A payload's place in a <see cref="PayloadArena"/>; <see cref="Chunk"/> 0 means not resident.</summary>
internal readonly record struct PayloadLocation(int Chunk, int Offset, int Length)
{
    public bool IsResident => Chunk != 0;
}

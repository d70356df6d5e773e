using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Tests.Queues;

public sealed class PayloadArenaTests
{
    private static byte[] Payload(int length, byte fill) => Enumerable.Repeat(fill, length).ToArray();

    [Fact]
    public void Store_ThenGet_ReturnsTheBytesUntilFreed()
    {
        var arena = new PayloadArena();
        Assert.True(arena.TryStore(Payload(300, 1), budget: long.MaxValue, out var first));
        Assert.True(arena.TryStore(Payload(200, 2), budget: long.MaxValue, out var second));

        Assert.Equal(Payload(300, 1), arena.Get(first).ToArray());
        Assert.Equal(Payload(200, 2), arena.Get(second).ToArray());
        Assert.Equal(1024 * 1024, arena.ReservedBytes);
    }

    [Fact]
    public void Store_BeyondTheBudget_IsRefusedAndNotResident()
    {
        var arena = new PayloadArena();

        Assert.False(arena.TryStore(Payload(300, 1), budget: 1000, out var location));
        Assert.False(location.IsResident);
        Assert.Equal(0, arena.ReservedBytes);
    }

    [Fact]
    public void Free_EveryPayloadOfAFullChunk_ReleasesItsReservation()
    {
        var arena = new PayloadArena();
        var locations = new List<PayloadLocation>();
        for (var i = 0; i < 3 * 4096; i++)
        {
            Assert.True(arena.TryStore(Payload(1000, (byte)i), budget: 16L * 1024 * 1024, out var location));
            locations.Add(location);
        }

        Assert.Equal(12, locations.Select(l => l.Chunk).Distinct().Count()); // 1,048 payloads of 1,000 bytes per 1 MiB chunk
        var reserved = arena.ReservedBytes;
        foreach (var location in locations.Where(l => l.Chunk == locations[0].Chunk))
        {
            arena.Free(location);
        }

        Assert.Equal(reserved - (1024 * 1024), arena.ReservedBytes);
        Assert.Equal(Payload(1000, unchecked((byte)((3 * 4096) - 1))), arena.Get(locations[^1]).ToArray());
    }

    [Fact]
    public void Free_TheCurrentChunkEmptied_ReusesItFromTheStart()
    {
        var arena = new PayloadArena();
        Assert.True(arena.TryStore(Payload(500, 1), budget: long.MaxValue, out var first));
        arena.Free(first);

        Assert.True(arena.TryStore(Payload(500, 2), budget: long.MaxValue, out var second));

        Assert.Equal(first.Chunk, second.Chunk);
        Assert.Equal(0, second.Offset);
        Assert.Equal(1024 * 1024, arena.ReservedBytes);
    }

    [Fact]
    public void Store_LargePayload_GetsAnArrayOfItsOwnAndFreesIt()
    {
        var arena = new PayloadArena();
        Assert.True(arena.TryStore(Payload(400_000, 7), budget: long.MaxValue, out var large));

        Assert.Equal(400_000, arena.ReservedBytes);
        Assert.Equal(Payload(400_000, 7), arena.Get(large).ToArray());
        arena.Free(large);
        Assert.Equal(0, arena.ReservedBytes);
    }
}

namespace PostOffice.Broker.Tests;

/// <summary>Message and request ids: random version 4 GUIDs, from per-thread blocks that must never repeat an id.</summary>
public sealed class RandomIdsTests
{
    [Fact]
    public void NewGuid_ManyBlocks_AreDistinctVersion4RfcGuids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RandomIds.NewGuid()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(4, id.Version));

        // The variant 10xx (RFC 9562): the top two bits of the ninth byte in string order.
        Assert.All(ids, id => Assert.Contains(id.ToString()[19], "89ab"));
    }

    [Fact]
    public async Task NewGuid_OnSeveralThreadsAtOnce_NeverRepeatsAnId()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
            () => Enumerable.Range(0, 2_000).Select(_ => RandomIds.NewGuid()).ToList(),
            TestContext.Current.CancellationToken)));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}

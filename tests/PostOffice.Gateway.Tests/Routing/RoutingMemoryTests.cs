using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Routing;

/// <summary>
/// Guards the per-subscription cost the gateway is sized by (a million devices, each subscribed to its own topic).
/// Counts the bytes this thread allocates, which is exact and unaffected by other tests; it includes the garbage of
/// copied child arrays and table resizes, so it is an upper bound on what the tree keeps.
/// </summary>
public sealed class RoutingMemoryTests
{
    private const int Devices = 100_000;

    [Fact]
    public void Subscribe_100000DeviceTopics_AllocatesAtMost160BytesEach()
    {
        var filters = Enumerable.Range(0, Devices).Select(i => $"cmd/h{i % 1000}/d{i}").ToArray();
        var clients = Enumerable.Range(0, Devices).Select(i => new Client($"d{i}")).ToArray();
        var options = new SubscriptionOptions(MqttQualityOfService.AtLeastOnce);
        var tree = new SubscriptionTree<Client>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Devices; i++)
        {
            tree.Subscribe(filters[i], clients[i], options);
        }

        var perSubscription = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Devices;

        // Measured: 141.5 bytes (a 64-byte node, a 32-byte entry, its hub's table slots and resizes).
        Assert.InRange(perSubscription, 100, 160);
        Assert.Equal(Devices, tree.Count);
    }

    [Fact]
    public void Set_100000DeviceTopics_AllocatesAtMost120BytesEach()
    {
        var topics = Enumerable.Range(0, Devices).Select(i => $"state/h{i % 1000}/d{i}").ToArray();
        var index = new RetainedIndex<string>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Devices; i++)
        {
            index.Set(topics[i], topics[i]);
        }

        var perTopic = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Devices;

        // Measured: 109.5 bytes (a 64-byte node, its hub's table slots and resizes).
        Assert.InRange(perTopic, 70, 120);
        Assert.Equal(Devices, index.Count);
    }
}

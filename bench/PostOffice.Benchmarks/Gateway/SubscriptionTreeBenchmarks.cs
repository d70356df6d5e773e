using BenchmarkDotNet.Attributes;
using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;

namespace PostOffice.Benchmarks.Gateway;

/// <summary>
/// The gateway's subscription tree at the shape it is built for: 100,000 devices subscribed to their own topics
/// (<c>cmd/h{hub}/d{device}</c>, 1,000 hubs) plus 100 wildcard subscribers on telemetry.
/// </summary>
[MemoryDiagnoser]
public class SubscriptionTreeBenchmarks
{
    private const int Devices = 100_000;
    private const int WildcardSubscribers = 100;

    private static readonly SubscriptionOptions Options = new(MqttQualityOfService.AtLeastOnce);

    private readonly SubscriptionTree<object> _tree = new();
    private readonly object _newDevice = new();

    [GlobalSetup]
    public void Setup()
    {
        for (var device = 0; device < Devices; device++)
        {
            _tree.Subscribe($"cmd/h{device % 1000}/d{device}", new object(), Options);
        }

        string[] wildcardFilters = ["telemetry/#", "telemetry/+/temperature", "+/+/temperature", "telemetry/h42/#"];
        for (var i = 0; i < WildcardSubscribers; i++)
        {
            _tree.Subscribe(wildcardFilters[i % wildcardFilters.Length], new object(), Options);
        }
    }

    /// <summary>One device's command topic: one subscriber, found through two hashed levels and a '+' branch that fails.</summary>
    [Benchmark(Baseline = true)]
    public int MatchDeviceTopic() => Match("cmd/h42/d4042");

    /// <summary>A telemetry topic every wildcard subscriber matches.</summary>
    [Benchmark]
    public int MatchWildcardTopic() => Match("telemetry/h42/temperature");

    /// <summary>A new device subscribes under a hub of 100 devices and leaves, its node created and pruned each time.</summary>
    [Benchmark]
    public bool SubscribeThenUnsubscribe()
    {
        _tree.Subscribe("cmd/h42/new-device", _newDevice, Options);
        return _tree.Unsubscribe("cmd/h42/new-device", _newDevice);
    }

    private int Match(string topicName)
    {
        var visitor = new CountingVisitor();
        _tree.Match(topicName, ref visitor);
        return visitor.Count;
    }

    private struct CountingVisitor : ISubscriptionVisitor<object>
    {
        public int Count { get; private set; }

        public void OnSubscription(object subscriber, in SubscriptionOptions options) => Count++;

        public void OnSharedGroup(SharedGroup<object> group) => Count++;
    }
}

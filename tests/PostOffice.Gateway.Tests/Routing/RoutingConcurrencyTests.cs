using System.Collections.Concurrent;
using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Routing;

/// <summary>
/// Matchers racing writers that churn subscriptions on the same nodes as a stable set: the matchers must see every
/// stable subscription every time, and the tree must end exactly as the stable set alone would build it.
/// </summary>
public sealed class RoutingConcurrencyTests
{
    private const int Writers = 2;
    private const int Readers = 2;
    private const int OperationsPerWriter = 20_000;
    private const int MinimumMatchesPerReader = 2_000;

    private static readonly SubscriptionOptions AtMostOnce = new(MqttQualityOfService.AtMostOnce);

    [Fact]
    public void SubscriptionTree_MatchWhileSubscribing_SeesEveryStableSubscription()
    {
        var tree = new SubscriptionTree<Client>();
        var stable = BuildStable(tree);
        var stableNodeCount = tree.NodeCount;
        var failures = new ConcurrentQueue<string>();
        var writersLeft = Writers;
        using var start = new Barrier(Writers + Readers);

        var threads = new List<Thread>();
        for (var w = 0; w < Writers; w++)
        {
            var writer = w;
            threads.Add(new Thread(() =>
            {
                var random = new Random(writer);
                var client = new Client($"churn{writer}");
                var held = new HashSet<string>(StringComparer.Ordinal);
                start.SignalAndWait();
                for (var i = 0; i < OperationsPerWriter; i++)
                {
                    // Filters on the stable nodes: children of cmd/hN cross the array/table threshold both ways,
                    // the stable filters gain and lose a second subscriber, and the shared group gains and loses members.
                    var filter = random.Next(5) switch
                    {
                        0 => $"cmd/h{random.Next(4)}/stable",
                        1 => "cmd/+/stable",
                        2 => "$share/g/cmd/#",
                        _ => $"cmd/h{random.Next(4)}/d{random.Next(40)}",
                    };
                    if (held.Add(filter))
                    {
                        tree.Subscribe(filter, client, AtMostOnce);
                    }
                    else
                    {
                        held.Remove(filter);
                        if (!tree.Unsubscribe(filter, client))
                        {
                            failures.Enqueue($"writer {writer}: {filter} was not found");
                        }
                    }
                }

                foreach (var filter in held)
                {
                    tree.Unsubscribe(filter, client);
                }

                Interlocked.Decrement(ref writersLeft);
            }));
        }

        for (var r = 0; r < Readers; r++)
        {
            threads.Add(new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; Volatile.Read(ref writersLeft) > 0 || i < MinimumMatchesPerReader; i++)
                {
                    var hub = i % 4;
                    var visitor = new RecordingVisitor();
                    tree.Match($"cmd/h{hub}/stable", ref visitor);
                    var names = visitor.Subscriptions.Select(visit => visit.Subscriber.Name).ToList();
                    if (names.Count(name => name == $"stable{hub}") != 1 || names.Count(name => name == "stableWildcard") != 1
                        || visitor.Groups.Count != 1 || !visitor.Groups[0].TryPickNext(out _, out _))
                    {
                        failures.Enqueue($"cmd/h{hub}/stable: {string.Join(',', names)}; {visitor.Groups.Count} group(s)");
                    }
                }
            }));
        }

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Empty(failures);
        Assert.Equal(stable, tree.Count);
        Assert.Equal(stableNodeCount, tree.NodeCount);
    }

    [Fact]
    public void RetainedIndex_ReadWhileSetting_SeesEveryStableMessage()
    {
        var index = new RetainedIndex<string>();
        for (var i = 0; i < 4; i++)
        {
            index.Set($"r/stable{i}", $"s{i}");
        }

        var stableNodeCount = index.NodeCount;
        var failures = new ConcurrentQueue<string>();
        var writersLeft = Writers;
        using var start = new Barrier(Writers + Readers);
        var threads = new List<Thread>();
        for (var w = 0; w < Writers; w++)
        {
            var writer = w;
            threads.Add(new Thread(() =>
            {
                var random = new Random(writer);
                var held = new HashSet<string>(StringComparer.Ordinal);
                start.SignalAndWait();
                for (var i = 0; i < OperationsPerWriter; i++)
                {
                    var topic = $"r/w{writer}t{random.Next(30)}" + (random.Next(2) == 0 ? "" : "/leaf");
                    if (held.Add(topic))
                    {
                        index.Set(topic, topic);
                    }
                    else
                    {
                        held.Remove(topic);
                        index.Remove(topic);
                    }
                }

                foreach (var topic in held)
                {
                    index.Remove(topic);
                }

                Interlocked.Decrement(ref writersLeft);
            }));
        }

        for (var r = 0; r < Readers; r++)
        {
            threads.Add(new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; Volatile.Read(ref writersLeft) > 0 || i < MinimumMatchesPerReader; i++)
                {
                    var n = i % 4;
                    if (!index.TryGet($"r/stable{n}", out var value) || value != $"s{n}")
                    {
                        failures.Enqueue($"TryGet r/stable{n}: {value}");
                    }

                    var matched = RetainedRecorder.Match(index, i % 2 == 0 ? "r/+" : "r/#");
                    if (Enumerable.Range(0, 4).Any(k => !matched.Contains($"r/stable{k}")))
                    {
                        failures.Enqueue($"Match: {string.Join(',', matched)}");
                    }
                }
            }));
        }

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Empty(failures);
        Assert.Equal(4, index.Count);
        Assert.Equal(stableNodeCount, index.NodeCount);
    }

    private static int BuildStable(SubscriptionTree<Client> tree)
    {
        for (var hub = 0; hub < 4; hub++)
        {
            tree.Subscribe($"cmd/h{hub}/stable", new Client($"stable{hub}"), AtMostOnce);
        }

        tree.Subscribe("cmd/+/stable", new Client("stableWildcard"), AtMostOnce);
        tree.Subscribe("$share/g/cmd/#", new Client("stableMember"), AtMostOnce);
        return 6;
    }
}

using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Tests.Routing;

public sealed class SubscriptionTreeTests
{
    private static readonly SubscriptionOptions AtMostOnce = new(MqttQualityOfService.AtMostOnce);

    [Theory]
    // 4.7.1.2, multi-level wildcard
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/#", "sport/tennis", true)]
    [InlineData("sport/tennis/#", "sport/tennisplayer1", false)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player2", false)]
    // 4.7.1.3, single-level wildcard
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player2", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/tennis/#", "sport/tennis/player1/ranking", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("+", "sport", true)]
    // Empty levels are levels (4.7.3); topics are case sensitive and not normalised [MQTT-4.7.3-4].
    [InlineData("a//b", "a//b", true)]
    [InlineData("a/+/b", "a//b", true)]
    [InlineData("a/b", "a//b", false)]
    [InlineData("/", "/", true)]
    [InlineData("+/+", "/", true)]
    [InlineData("/#", "/", true)]
    [InlineData("#", "/", true)]
    [InlineData("Sport", "sport", false)]
    [InlineData("sport/", "sport", false)]
    [InlineData("sport", "sport/", false)]
    public void Match_SpecExamples_MatchAsTheSpecSays(string topicFilter, string topicName, bool expected)
    {
        var tree = new SubscriptionTree<Client>();
        tree.Subscribe(topicFilter, new Client("c"), AtMostOnce);

        Assert.Equal(expected ? ["c"] : [], RecordingVisitor.Match(tree, topicName));
        Assert.Equal(expected, ReferenceMatcher.Matches(topicFilter, topicName));
    }

    [Theory]
    // [MQTT-4.7.2-1]: wildcards in the first level never match '$' topics; literal '$' levels do.
    [InlineData("#", "$SYS/monitor/Clients", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("+", "$SYS", false)]
    [InlineData("$SYS/#", "$SYS/", true)]
    [InlineData("$SYS/#", "$SYS", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/+/Clients", "$SYS/monitor/Clients", true)]
    // Only the first level counts: '$' further in is an ordinary character.
    [InlineData("a/+", "a/$b", true)]
    [InlineData("a/#", "a/$b/c", true)]
    public void Match_DollarTopics_FollowTheFirstLevelRule(string topicFilter, string topicName, bool expected)
    {
        var tree = new SubscriptionTree<Client>();
        tree.Subscribe(topicFilter, new Client("c"), AtMostOnce);
        tree.Subscribe("$share/g/" + topicFilter, new Client("member"), AtMostOnce);

        Assert.Equal(expected ? ["$share/g/" + topicFilter, "c"] : [], RecordingVisitor.Match(tree, topicName));
    }

    [Fact]
    public void Subscribe_SameSubscriberAndFilter_ReplacesTheOptions()
    {
        var tree = new SubscriptionTree<Client>();
        var client = new Client("c");
        var first = new SubscriptionOptions(MqttQualityOfService.AtMostOnce, subscriptionIdentifier: 1);
        var second = new SubscriptionOptions(MqttQualityOfService.ExactlyOnce, noLocal: true, retainAsPublished: true, MqttRetainHandling.DoNotSend, 7);

        Assert.False(tree.Subscribe("a/+", client, first));
        Assert.True(tree.Subscribe("a/+", client, second));

        Assert.Equal(1, tree.Count);
        var visitor = new RecordingVisitor();
        tree.Match("a/b", ref visitor);
        Assert.Equal([(client, second)], visitor.Subscriptions);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void Subscribe_ReplaceAmongManySubscribers_ReplacesOnlyThatOne(int subscribers)
    {
        var tree = new SubscriptionTree<Client>();
        var clients = Enumerable.Range(0, subscribers).Select(i => new Client($"c{i}")).ToArray();
        foreach (var client in clients)
        {
            tree.Subscribe("a", client, AtMostOnce);
        }

        var upgraded = new SubscriptionOptions(MqttQualityOfService.AtLeastOnce);
        Assert.True(tree.Subscribe("a", clients[1], upgraded));

        Assert.Equal(subscribers, tree.Count);
        var visitor = new RecordingVisitor();
        tree.Match("a", ref visitor);
        Assert.Equal(subscribers, visitor.Subscriptions.Count);
        Assert.Equal(upgraded, Assert.Single(visitor.Subscriptions, visit => visit.Subscriber == clients[1]).Options);
        Assert.All(visitor.Subscriptions.Where(visit => visit.Subscriber != clients[1]), visit => Assert.Equal(AtMostOnce, visit.Options));
    }

    [Fact]
    public void Match_OverlappingFiltersOfOneSubscriber_VisitsOncePerFilter()
    {
        var tree = new SubscriptionTree<Client>();
        var client = new Client("c");
        tree.Subscribe("a/+", client, new SubscriptionOptions(MqttQualityOfService.AtMostOnce, subscriptionIdentifier: 1));
        tree.Subscribe("a/#", client, new SubscriptionOptions(MqttQualityOfService.AtLeastOnce, subscriptionIdentifier: 2));
        tree.Subscribe("a/b", client, new SubscriptionOptions(MqttQualityOfService.ExactlyOnce, subscriptionIdentifier: 3));

        var visitor = new RecordingVisitor();
        tree.Match("a/b", ref visitor);

        Assert.Equal([1u, 2u, 3u], visitor.Subscriptions.Select(visit => visit.Options.SubscriptionIdentifier).Order());
        Assert.All(visitor.Subscriptions, visit => Assert.Same(client, visit.Subscriber));
    }

    [Fact]
    public void SubscribeAndUnsubscribe_ManySubscribersOnOneFilter_VisitsExactlyTheCurrentOnes()
    {
        // Walks the single entry, the appended set, its growth, its compaction and the way back to a single entry.
        var tree = new SubscriptionTree<Client>();
        var clients = Enumerable.Range(0, 100).Select(i => new Client($"c{i:D3}")).ToArray();
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var client in clients)
        {
            tree.Subscribe("news", client, AtMostOnce);
            expected.Add(client.Name);
            Assert.Equal(expected, RecordingVisitor.Match(tree, "news"));
        }

        foreach (var client in clients.Where((_, i) => i % 3 != 0).Concat(clients.Where((_, i) => i % 3 == 0)))
        {
            Assert.True(tree.Unsubscribe("news", client));
            expected.Remove(client.Name);
            Assert.Equal(expected, RecordingVisitor.Match(tree, "news"));
        }

        Assert.Equal(0, tree.Count);
        Assert.Equal(0, tree.NodeCount);
    }

    [Fact]
    public void Match_ManyLiteralChildren_FindsEachAndNoOther()
    {
        var tree = new SubscriptionTree<Client>();
        for (var i = 0; i < 1000; i++)
        {
            tree.Subscribe($"cmd/h{i % 7}/d{i}", new Client($"d{i}"), AtMostOnce);
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal([$"d{i}"], RecordingVisitor.Match(tree, $"cmd/h{i % 7}/d{i}"));
        }

        Assert.Empty(RecordingVisitor.Match(tree, "cmd/h1/d0"));
        Assert.Empty(RecordingVisitor.Match(tree, "cmd/h0/d1000"));
    }

    [Fact]
    public void Unsubscribe_EverySubscription_PrunesEveryNode()
    {
        var tree = new SubscriptionTree<Client>();
        var subscriptions = new List<(string Filter, Client Client)>();
        for (var i = 0; i < 300; i++)
        {
            var client = new Client($"c{i}");
            subscriptions.Add(($"cmd/h{i % 3}/d{i}", client));
            subscriptions.Add(("cmd/+/d" + (i % 20), client));
            subscriptions.Add(("cmd/#", client));
            subscriptions.Add(($"$share/g{i % 4}/cmd/h{i % 2}/+", client));
            subscriptions.Add(("+/+/#", client));
        }

        foreach (var (filter, client) in subscriptions)
        {
            tree.Subscribe(filter, client, AtMostOnce);
        }

        Assert.Equal(subscriptions.Count, tree.Count);
        Assert.NotEqual(0, tree.NodeCount);

        foreach (var (filter, client) in subscriptions)
        {
            Assert.True(tree.Unsubscribe(filter, client));
        }

        Assert.Equal(0, tree.Count);
        Assert.Equal(0, tree.NodeCount);
        Assert.Empty(RecordingVisitor.Match(tree, "cmd/h0/d0"));
    }

    [Fact]
    public void Unsubscribe_SubscriptionThatDoesNotExist_ReturnsFalseAndChangesNothing()
    {
        var tree = new SubscriptionTree<Client>();
        var client = new Client("c");
        var other = new Client("other");
        tree.Subscribe("a/b", client, AtMostOnce);

        Assert.False(tree.Unsubscribe("a/b", other));
        Assert.False(tree.Unsubscribe("a", client));
        Assert.False(tree.Unsubscribe("a/b/c", client));
        Assert.False(tree.Unsubscribe("a/+", client));
        Assert.False(tree.Unsubscribe("$share/g/a/b", client));
        Assert.False(tree.Unsubscribe("a/#/b", client));

        Assert.Equal(1, tree.Count);
        Assert.Equal(2, tree.NodeCount);
        Assert.Equal(["c"], RecordingVisitor.Match(tree, "a/b"));
    }

    [Fact]
    public void Unsubscribe_FilterSharingNodes_KeepsTheOtherFilters()
    {
        var tree = new SubscriptionTree<Client>();
        var client = new Client("c");
        tree.Subscribe("a/b/c", client, AtMostOnce);
        tree.Subscribe("a/b", client, AtMostOnce);
        tree.Subscribe("a/+/c", client, AtMostOnce);

        Assert.True(tree.Unsubscribe("a/b", client));

        Assert.Equal(["c", "c"], RecordingVisitor.Match(tree, "a/b/c"));
        Assert.Empty(RecordingVisitor.Match(tree, "a/b"));
        Assert.Equal(5, tree.NodeCount); // a, a/b, a/b/c, a/+, a/+/c
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/#/b")]
    [InlineData("a#")]
    [InlineData("a/b+")]
    [InlineData("$share/")]
    [InlineData("$share/g")]
    [InlineData("$share/g/")]
    [InlineData("$share//a")]
    [InlineData("$share/g+/a")]
    [InlineData("$share/g#/a")]
    [InlineData("$share/g/a/#/b")]
    public void Subscribe_InvalidFilter_ThrowsAndAddsNothing(string topicFilter)
    {
        var tree = new SubscriptionTree<Client>();

        Assert.Throws<ArgumentException>(() => tree.Subscribe(topicFilter, new Client("c"), AtMostOnce));

        Assert.Equal(0, tree.Count);
        Assert.Equal(0, tree.NodeCount);
    }

    [Fact]
    public void SubscriptionOptions_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubscriptionOptions((MqttQualityOfService)3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubscriptionOptions(MqttQualityOfService.AtMostOnce, retainHandling: (MqttRetainHandling)3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SubscriptionOptions(MqttQualityOfService.AtMostOnce, subscriptionIdentifier: 268_435_456));
    }

    [Fact]
    public void Match_FilterOfAThousandPlusLevels_Matches()
    {
        var tree = new SubscriptionTree<Client>();
        tree.Subscribe(string.Join('/', Enumerable.Repeat("+", 1000)), new Client("deep"), AtMostOnce);

        Assert.Equal(["deep"], RecordingVisitor.Match(tree, string.Join('/', Enumerable.Repeat("x", 1000))));
        Assert.Empty(RecordingVisitor.Match(tree, string.Join('/', Enumerable.Repeat("x", 999))));
    }

    [Fact]
    public void Match_PlusLevelsDeeperThanTheStack_ThrowsInsteadOfOverflowing()
    {
        // 20,000 nested '+' levels need far more than a 256 KiB stack; a stack overflow would end the test process.
        var tree = new SubscriptionTree<Client>();
        tree.Subscribe(string.Join('/', Enumerable.Repeat("+", 20_000)), new Client("deep"), AtMostOnce);
        var topic = string.Join('/', Enumerable.Repeat("x", 20_000));
        Exception? thrown = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    var visitor = new RecordingVisitor();
                    tree.Match(topic, ref visitor);
                }
                catch (InsufficientExecutionStackException exception)
                {
                    thrown = exception;
                }
            },
            maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.IsType<InsufficientExecutionStackException>(thrown);
    }
}

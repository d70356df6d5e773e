using FsCheck;
using FsCheck.Fluent;
using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Routing;

/// <summary>The tries against <see cref="ReferenceMatcher"/> over random filters, topics, subscribes and removals.</summary>
public sealed class RoutingPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Fact]
    public void SubscriptionTree_RandomSubscriptions_MatchLikeTheReference()
    {
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<int>(), SubscriptionTreeAgreesWithReference));
    }

    [Fact]
    public void RetainedIndex_RandomTopics_MatchLikeTheReference()
    {
        Check.One(Config, Prop.ForAll(ArbMap.Default.ArbFor<int>(), RetainedIndexAgreesWithReference));
    }

    private static bool SubscriptionTreeAgreesWithReference(int seed)
    {
        var random = new Random(seed);
        var clients = Enumerable.Range(0, 4).Select(i => new Client($"c{i}")).ToArray();
        var tree = new SubscriptionTree<Client>();
        // (filter as subscribed, client) -> subscription identifier of the latest subscribe
        var model = new Dictionary<(string Filter, Client Client), uint>();
        var subscribes = random.Next(1, 40);
        for (var i = 1; i <= subscribes; i++)
        {
            var filter = TopicGenerator.Filter(random);
            if (random.Next(4) == 0)
            {
                filter = $"$share/s{random.Next(2)}/{filter}";
            }

            var client = clients[random.Next(clients.Length)];
            var replaced = tree.Subscribe(filter, client, new SubscriptionOptions(MqttQualityOfService.AtMostOnce, subscriptionIdentifier: (uint)i));
            Assert.Equal(model.ContainsKey((filter, client)), replaced);
            model[(filter, client)] = (uint)i;
        }

        foreach (var key in model.Keys.Where(_ => random.Next(3) == 0).ToList())
        {
            Assert.True(tree.Unsubscribe(key.Filter, key.Client));
            Assert.False(tree.Unsubscribe(key.Filter, key.Client));
            model.Remove(key);
        }

        Assert.Equal(model.Count, tree.Count);
        for (var i = 0; i < 20; i++)
        {
            var topic = TopicGenerator.Topic(random);
            var expected = new List<string>();
            foreach (var ((filter, client), identifier) in model)
            {
                if (!MqttTopic.IsSharedSubscription(filter) && ReferenceMatcher.Matches(filter, topic))
                {
                    expected.Add($"{client.Name}#{identifier}");
                }
            }

            var groups = model.Keys.Where(key => MqttTopic.IsSharedSubscription(key.Filter)).GroupBy(key => key.Filter).ToList();
            foreach (var group in groups)
            {
                var filter = group.Key.Split('/', 3)[2];
                if (ReferenceMatcher.Matches(filter, topic))
                {
                    expected.Add($"{group.Key} x{group.Count()}");
                }
            }

            var visitor = new RecordingVisitor();
            tree.Match(topic, ref visitor);
            var actual = visitor.Subscriptions.Select(visit => $"{visit.Subscriber.Name}#{visit.Options.SubscriptionIdentifier}")
                .Concat(visitor.Groups.Select(group => $"$share/{group.ShareName}/{group.TopicFilter} x{group.MemberCount}"));
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
        }

        foreach (var (filter, client) in model.Keys)
        {
            Assert.True(tree.Unsubscribe(filter, client));
        }

        Assert.Equal(0, tree.Count);
        Assert.Equal(0, tree.NodeCount);
        return true;
    }

    private static bool RetainedIndexAgreesWithReference(int seed)
    {
        var random = new Random(seed);
        var index = new RetainedIndex<string>();
        var model = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = random.Next(1, 40); i > 0; i--)
        {
            var topic = TopicGenerator.Topic(random);
            var value = $"v{i}";
            Assert.Equal(model.ContainsKey(topic), index.Set(topic, value));
            model[topic] = value;
        }

        foreach (var topic in model.Keys.Where(_ => random.Next(3) == 0).ToList())
        {
            Assert.True(index.Remove(topic));
            Assert.False(index.Remove(topic));
            model.Remove(topic);
        }

        Assert.Equal(model.Count, index.Count);
        Assert.Equal(model.OrderBy(entry => entry.Key, StringComparer.Ordinal), index.EnumerateEntries().OrderBy(entry => entry.Key, StringComparer.Ordinal));
        for (var i = 0; i < 20; i++)
        {
            var topic = TopicGenerator.Topic(random);
            Assert.Equal(model.TryGetValue(topic, out var expectedValue), index.TryGet(topic, out var value));
            Assert.Equal(expectedValue, value);

            var filter = TopicGenerator.Filter(random);
            var recorder = new RetainedRecorder();
            index.Match(filter, ref recorder);
            var expected = model.Where(entry => ReferenceMatcher.Matches(filter, entry.Key)).Select(entry => (entry.Key, entry.Value));
            Assert.Equal(expected.Order(), recorder.Visits.Order());
        }

        foreach (var topic in model.Keys)
        {
            Assert.True(index.Remove(topic));
        }

        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.NodeCount);
        return true;
    }
}

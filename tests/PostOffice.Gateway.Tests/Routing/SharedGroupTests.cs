using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;

namespace PostOffice.Gateway.Tests.Routing;

public sealed class SharedGroupTests
{
    private static readonly SubscriptionOptions AtMostOnce = new(MqttQualityOfService.AtMostOnce);

    [Fact]
    public void Match_SharedSubscription_VisitsTheGroupOnceWhateverItsMembers()
    {
        var tree = new SubscriptionTree<Client>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            tree.Subscribe("$share/workers/jobs/+", new Client(name), AtMostOnce);
        }

        var visitor = new RecordingVisitor();
        tree.Match("jobs/1", ref visitor);

        Assert.Empty(visitor.Subscriptions);
        var group = Assert.Single(visitor.Groups);
        Assert.Equal("workers", group.ShareName);
        Assert.Equal("jobs/+", group.TopicFilter);
        Assert.Equal(3, group.MemberCount);
        Assert.Equal(3, tree.Count);
        Assert.Empty(RecordingVisitor.Match(tree, "$share/workers/jobs/1"));
    }

    [Fact]
    public void Subscribe_ShareNamesAndFilters_FormOneGroupPerPair()
    {
        var tree = new SubscriptionTree<Client>();
        var client = new Client("c");
        tree.Subscribe("$share/one/jobs/#", client, AtMostOnce);
        tree.Subscribe("$share/two/jobs/#", client, AtMostOnce);
        tree.Subscribe("$share/one/jobs/+", client, AtMostOnce);
        tree.Subscribe("jobs/#", client, AtMostOnce);

        Assert.Equal(["$share/one/jobs/#", "$share/one/jobs/+", "$share/two/jobs/#", "c"], RecordingVisitor.Match(tree, "jobs/1"));
        Assert.Equal(4, tree.Count);
    }

    [Fact]
    public void TryPickNext_ThreeMembers_PicksRoundRobin()
    {
        var (group, a, b, c) = GroupOfThree();

        var picks = Enumerable.Range(0, 7).Select(_ => Assert.IsType<Client>(Pick(group))).ToArray();

        Assert.Equal([a, b, c, a, b, c, a], picks);
    }

    [Fact]
    public void TryPickNext_FilterRejectsAMember_SkipsItAndKeepsTheRotation()
    {
        var (group, a, b, c) = GroupOfThree();
        var filter = new RejectFilter(b);

        var picks = new List<Client>();
        for (var i = 0; i < 6; i++)
        {
            Assert.True(group.TryPickNext(ref filter, out var member, out _));
            picks.Add(member);
        }

        Assert.Equal([a, c, a, c, a, c], picks);
        Assert.Equal(6, filter.Asked(a) + filter.Asked(c));
        // b was asked when the rotation reached it, once per pass, and never chosen.
        Assert.Equal(3, filter.Asked(b));
    }

    [Fact]
    public void TryPickNext_FilterRejectsEveryMember_ReturnsFalseAfterAskingEachOnce()
    {
        var (group, a, b, c) = GroupOfThree();
        var filter = new RejectFilter(a, b, c);

        Assert.False(group.TryPickNext(ref filter, out var member, out _));

        Assert.Null(member);
        Assert.Equal([1, 1, 1], new[] { filter.Asked(a), filter.Asked(b), filter.Asked(c) });
    }

    [Fact]
    public void TryPickNext_ReplacedMember_ReturnsItsNewOptions()
    {
        var tree = new SubscriptionTree<Client>();
        var client = new Client("a");
        tree.Subscribe("$share/g/t", client, AtMostOnce);
        var upgraded = new SubscriptionOptions(MqttQualityOfService.ExactlyOnce, subscriptionIdentifier: 9);

        Assert.True(tree.Subscribe("$share/g/t", client, upgraded));

        var group = SingleGroup(tree, "t");
        Assert.Equal(1, group.MemberCount);
        Assert.True(group.TryPickNext(out var member, out var options));
        Assert.Same(client, member);
        Assert.Equal(upgraded, options);
    }

    [Fact]
    public void Unsubscribe_Member_LeavesItOutOfTheRotation()
    {
        var (group, a, b, c) = GroupOfThree(out var tree);

        Assert.True(tree.Unsubscribe("$share/g/t", b));
        Assert.False(tree.Unsubscribe("$share/g/t", b));
        Assert.False(tree.Unsubscribe("$share/other/t", a));

        Assert.Equal(2, group.MemberCount);
        Assert.Equal(2, tree.Count);
        var picks = Enumerable.Range(0, 4).Select(_ => Pick(group)).ToHashSet();
        Assert.Equal(new HashSet<Client?> { a, c }, picks);
    }

    [Fact]
    public void Unsubscribe_LastMember_RemovesTheGroupAndItsNodes()
    {
        var (group, a, b, c) = GroupOfThree(out var tree);

        foreach (var member in new[] { a, b, c })
        {
            Assert.True(tree.Unsubscribe("$share/g/t", member));
        }

        Assert.Empty(RecordingVisitor.Match(tree, "t"));
        Assert.Equal(0, tree.Count);
        Assert.Equal(0, tree.NodeCount);
        // A caller still holding the group finds it empty.
        Assert.False(group.TryPickNext(out _, out _));
    }

    private static (SharedGroup<Client> Group, Client A, Client B, Client C) GroupOfThree() => GroupOfThree(out _);

    private static (SharedGroup<Client> Group, Client A, Client B, Client C) GroupOfThree(out SubscriptionTree<Client> tree)
    {
        tree = new SubscriptionTree<Client>();
        var (a, b, c) = (new Client("a"), new Client("b"), new Client("c"));
        foreach (var client in new[] { a, b, c })
        {
            tree.Subscribe("$share/g/t", client, AtMostOnce);
        }

        return (SingleGroup(tree, "t"), a, b, c);
    }

    private static SharedGroup<Client> SingleGroup(SubscriptionTree<Client> tree, string topicName)
    {
        var visitor = new RecordingVisitor();
        tree.Match(topicName, ref visitor);
        return Assert.Single(visitor.Groups);
    }

    private static Client? Pick(SharedGroup<Client> group) => group.TryPickNext(out var member, out _) ? member : null;

    private struct RejectFilter(params Client[] rejected) : ISharedMemberFilter<Client>
    {
        private readonly Dictionary<Client, int> _asked = [];

        public readonly int Asked(Client client) => _asked.GetValueOrDefault(client);

        public readonly bool Accept(Client member, in SubscriptionOptions options)
        {
            _asked[member] = Asked(member) + 1;
            return !rejected.Contains(member);
        }
    }
}

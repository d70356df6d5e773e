using PostOffice.Gateway.Routing;

namespace PostOffice.Gateway.Tests.Routing;

public sealed class RetainedIndexTests
{
    private static readonly string[] Topics =
    [
        "sport", "sport/tennis", "sport/tennis/player1", "sport/tennis/player1/ranking", "sport/tennis/player1/score/wimbledon",
        "sport/tennis/player2", "sport/", "/finance", "$SYS/monitor/Clients", "$SYS", "a//b",
    ];

    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1,sport/tennis/player1/ranking,sport/tennis/player1/score/wimbledon")]
    [InlineData("sport/#", "sport,sport/,sport/tennis,sport/tennis/player1,sport/tennis/player1/ranking,sport/tennis/player1/score/wimbledon,sport/tennis/player2")]
    [InlineData("sport/tennis/+", "sport/tennis/player1,sport/tennis/player2")]
    [InlineData("sport/+", "sport/,sport/tennis")]
    [InlineData("+/+", "/finance,sport/,sport/tennis")]
    [InlineData("/+", "/finance")]
    [InlineData("+", "sport")]
    [InlineData("#", "/finance,a//b,sport,sport/,sport/tennis,sport/tennis/player1,sport/tennis/player1/ranking,sport/tennis/player1/score/wimbledon,sport/tennis/player2")]
    [InlineData("+/monitor/Clients", "")]
    [InlineData("$SYS/#", "$SYS,$SYS/monitor/Clients")]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients")]
    [InlineData("$SYS", "$SYS")]
    [InlineData("a/+/b", "a//b")]
    [InlineData("sport/tennis/player3", "")]
    public void Match_Filter_VisitsTheMatchingRetainedMessages(string topicFilter, string expected)
    {
        var index = new RetainedIndex<string>();
        foreach (var topic in Topics)
        {
            index.Set(topic, "v:" + topic);
        }

        var recorder = new RetainedRecorder();
        index.Match(topicFilter, ref recorder);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), recorder.Visits.Select(visit => visit.TopicName).Order(StringComparer.Ordinal));
        Assert.All(recorder.Visits, visit => Assert.Equal("v:" + visit.TopicName, visit.Value));
    }

    [Fact]
    public void Set_ExistingTopic_ReplacesTheValue()
    {
        var index = new RetainedIndex<string>();

        Assert.False(index.Set("a/b", "first"));
        Assert.True(index.Set("a/b", "second"));

        Assert.Equal(1, index.Count);
        Assert.True(index.TryGet("a/b", out var value));
        Assert.Equal("second", value);
        Assert.False(index.TryGet("a", out _));
        Assert.False(index.TryGet("a/b/c", out _));
    }

    [Fact]
    public void Remove_EveryTopic_PrunesEveryNode()
    {
        var index = new RetainedIndex<string>();
        var topics = Enumerable.Range(0, 1000).Select(i => $"devices/h{i % 3}/d{i}/state").Concat(Topics).ToList();
        foreach (var topic in topics)
        {
            index.Set(topic, topic);
        }

        Assert.Equal(topics.Count, index.Count);
        Assert.Equal(1000, RetainedRecorder.Match(index, "devices/+/+/state").Count);

        Assert.False(index.Remove("devices/h0"));
        foreach (var topic in topics)
        {
            Assert.True(index.Remove(topic));
            Assert.False(index.TryGet(topic, out _));
        }

        Assert.Equal(0, index.Count);
        Assert.Equal(0, index.NodeCount);
        Assert.Empty(index.EnumerateEntries());
    }

    [Fact]
    public void Remove_TopicWithRetainedChildren_KeepsTheChildren()
    {
        var index = new RetainedIndex<string>();
        index.Set("a", "parent");
        index.Set("a/b", "child");

        Assert.True(index.Remove("a"));

        Assert.Equal([new KeyValuePair<string, string>("a/b", "child")], index.EnumerateEntries());
        Assert.Equal(2, index.NodeCount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/+")]
    [InlineData("a/#")]
    public void Set_InvalidTopicName_Throws(string topicName)
    {
        var index = new RetainedIndex<string>();

        Assert.Throws<ArgumentException>(() => index.Set(topicName, "v"));
        Assert.Equal(0, index.NodeCount);
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("")]
    [InlineData("$share/g/a")]
    public void Match_InvalidOrSharedFilter_Throws(string topicFilter)
    {
        var index = new RetainedIndex<string>();
        index.Set("a", "v");

        Assert.Throws<ArgumentException>(() => RetainedRecorder.Match(index, topicFilter));
    }

    [Fact]
    public void Match_TopicOfManyLevels_WalksWithoutRecursion()
    {
        var index = new RetainedIndex<string>();
        var deep = string.Join('/', Enumerable.Repeat("x", 50_000));
        index.Set(deep, "deep");

        Assert.Equal([deep], RetainedRecorder.Match(index, "#"));
        Assert.Equal([deep], RetainedRecorder.Match(index, string.Join('/', Enumerable.Repeat("+", 50_000))));
    }
}

using System.Net;
using PostOffice.Load.Mqtt.Runs;

namespace PostOffice.Load.Tests.Mqtt;

public sealed class TopicPlanTests
{
    [Fact]
    public void MoreSubscribersThanTopics_SpreadsSubscribersRoundRobin()
    {
        var plan = new TopicPlan(publishers: 2, subscribers: 5, topics: 2);

        Assert.Equal([0], plan.TopicsOfSubscriber(4));
        Assert.Equal([1], plan.TopicsOfSubscriber(3));
        Assert.Equal(3, plan.FanOut(0));
        Assert.Equal(2, plan.FanOut(1));
        Assert.Equal(1, plan.PacerOf(1));
    }

    [Fact]
    public void FewerSubscribersThanTopics_GivesEveryTopicOneSubscriber()
    {
        var plan = new TopicPlan(publishers: 6, subscribers: 2, topics: 5);

        Assert.Equal([0, 2, 4], plan.TopicsOfSubscriber(0));
        Assert.Equal([1, 3], plan.TopicsOfSubscriber(1));
        Assert.All(Enumerable.Range(0, 5), topic => Assert.Equal(1, plan.FanOut(topic)));
        Assert.Equal(1, plan.PacerOf(3));
        Assert.Equal(0, plan.TopicOfPublisher(5));
    }

    [Fact]
    public void FanOut_SummedOverTopics_IsEverySubscriptionOnce()
    {
        for (var subscribers = 0; subscribers <= 9; subscribers++)
        {
            var plan = new TopicPlan(publishers: 1, subscribers, topics: 4);
            var subscriptions = Enumerable.Range(0, subscribers).Sum(subscriber => plan.TopicsOfSubscriber(subscriber).Count());

            Assert.Equal(subscriptions, Enumerable.Range(0, 4).Sum(plan.FanOut));
        }
    }

    [Fact]
    public void NoSubscribers_HasNoPacer()
    {
        var plan = new TopicPlan(publishers: 1, subscribers: 0, topics: 1);

        Assert.Equal(0, plan.FanOut(0));
        Assert.Equal(-1, plan.PacerOf(0));
    }

    [Fact]
    public void Split_UnevenConnections_GivesTheRemainderToTheFirstChildren()
    {
        Assert.Equal([4, 3, 3], MqttIdleParent.Split(10, 3));
    }

    [Fact]
    public void SourcesOf_MoreSourcesThanChildren_DealsThemOut()
    {
        IPAddress[] sources = [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3"), IPAddress.Parse("127.0.0.4")];

        Assert.Equal([sources[0], sources[2]], MqttIdleParent.SourcesOf(0, 2, sources));
        Assert.Equal([sources[1]], MqttIdleParent.SourcesOf(1, 2, sources));
        Assert.Equal([sources[0]], MqttIdleParent.SourcesOf(4, 5, [.. sources.Take(2)]));
        Assert.Equal([sources[1]], MqttIdleParent.SourcesOf(3, 5, [.. sources.Take(2)]));
    }
}

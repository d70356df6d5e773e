namespace PostOffice.Load.Mqtt.Runs;

/// <summary>
/// Who publishes and who subscribes to which topic. Publisher p publishes to topic p mod T. With at least as many
/// subscribers as topics, subscriber s subscribes to topic s mod T (fan-out S/T per topic); with fewer, subscriber s
/// subscribes to every topic t with t mod S = s (each topic has one subscriber). Every topic has a subscriber as
/// soon as there is one, and a publisher's messages reach a subscriber either all or not at all.
/// </summary>
public sealed class TopicPlan
{
    public TopicPlan(int publishers, int subscribers, int topics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(publishers, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscribers, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(topics, 1);
        Publishers = publishers;
        Subscribers = subscribers;
        Topics = topics;
    }

    public int Publishers { get; }

    public int Subscribers { get; }

    public int Topics { get; }

    public int TopicOfPublisher(int publisher) => publisher % Topics;

    public IEnumerable<int> TopicsOfSubscriber(int subscriber)
    {
        if (Subscribers >= Topics)
        {
            yield return subscriber % Topics;
            yield break;
        }

        for (var topic = subscriber; topic < Topics; topic += Subscribers)
        {
            yield return topic;
        }
    }

    /// <summary>How many subscribers receive each message published to <paramref name="topic"/>.</summary>
    public int FanOut(int topic)
    {
        if (Subscribers == 0)
        {
            return 0;
        }

        if (Subscribers < Topics)
        {
            return 1;
        }

        return (Subscribers / Topics) + (topic < Subscribers % Topics ? 1 : 0);
    }

    /// <summary>The lowest-numbered subscriber of <paramref name="topic"/>, which paces QoS 0 publishers; -1 when none.</summary>
    public int PacerOf(int topic) => Subscribers == 0 ? -1 : Subscribers >= Topics ? topic : topic % Subscribers;
}

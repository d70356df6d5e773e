using PostOffice.Gateway.Routing;

namespace PostOffice.Gateway.Tests.Routing;

internal struct RetainedRecorder() : IRetainedVisitor<string>
{
    public List<(string TopicName, string Value)> Visits { get; } = [];

    public readonly void OnRetained(string topicName, string value) => Visits.Add((topicName, value));

    public static List<string> Match(RetainedIndex<string> index, string topicFilter)
    {
        var recorder = new RetainedRecorder();
        index.Match(topicFilter, ref recorder);
        return [.. recorder.Visits.Select(visit => visit.TopicName).Order(StringComparer.Ordinal)];
    }
}

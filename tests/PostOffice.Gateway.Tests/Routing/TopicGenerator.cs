namespace PostOffice.Gateway.Tests.Routing;

/// <summary>
/// Random filters and topics over a small alphabet of levels, so they collide often: empty levels, '$' first levels,
/// '+' and '#'.
/// </summary>
internal static class TopicGenerator
{
    private static readonly string[] NameLevels = ["a", "b", "", "$x"];
    private static readonly string[] FilterLevels = ["a", "b", "", "$x", "+", "+"];

    public static string Topic(Random random)
    {
        var levels = new string[random.Next(1, 5)];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = NameLevels[random.Next(NameLevels.Length)];
        }

        var topic = string.Join('/', levels);
        // A Topic Name has at least one character [MQTT-4.7.3-1].
        return topic.Length == 0 ? "a" : topic;
    }

    public static string Filter(Random random)
    {
        var levels = new string[random.Next(1, 5)];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = FilterLevels[random.Next(FilterLevels.Length)];
        }

        if (random.Next(3) == 0)
        {
            levels[^1] = "#";
        }

        var filter = string.Join('/', levels);
        return filter.Length == 0 ? "#" : filter;
    }
}

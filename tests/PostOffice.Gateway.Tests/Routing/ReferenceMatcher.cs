namespace PostOffice.Gateway.Tests.Routing;

/// <summary>Topic matching written straight from 4.7, level by level, to check the trie against.</summary>
internal static class ReferenceMatcher
{
    public static bool Matches(string topicFilter, string topicName)
    {
        var filter = topicFilter.Split('/');
        var topic = topicName.Split('/');
        if (topicName.StartsWith('$') && filter[0] is "+" or "#")
        {
            return false;
        }

        for (var i = 0; i < filter.Length; i++)
        {
            if (filter[i] == "#")
            {
                return true;
            }

            if (i >= topic.Length || (filter[i] != "+" && filter[i] != topic[i]))
            {
                return false;
            }
        }

        return filter.Length == topic.Length;
    }
}

namespace PostOffice.Mqtt;

/// <summary>
/// Topic Name and Topic Filter syntax (4.7). The decoder does not apply the filter rules because the server
/// answers a bad filter per subscription (SUBACK 0x8F, or 0x80 in 3.1.1) rather than by disconnecting.
/// </summary>
public static class MqttTopic
{
    private const string SharePrefix = "$share/";

    /// <summary>
    /// [MQTT-4.7.1-1]: '#' stands alone as the last level. [MQTT-4.7.1-2]: '+' occupies a whole level.
    /// [MQTT-4.7.3-1]: at least one character. A "$share/{ShareName}/{filter}" filter needs a ShareName of at
    /// least one character without '/', '+' or '#', followed by a valid filter [MQTT-4.8.2-1] [MQTT-4.8.2-2].
    /// </summary>
    public static bool IsValidTopicFilter(ReadOnlySpan<char> topicFilter)
    {
        if (topicFilter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var rest = topicFilter[SharePrefix.Length..];
            var separator = rest.IndexOf('/');
            if (separator <= 0 || rest[..separator].IndexOfAny('+', '#') >= 0)
            {
                return false;
            }

            topicFilter = rest[(separator + 1)..];
        }

        if (topicFilter.IsEmpty)
        {
            return false;
        }

        var levelStart = 0;
        for (var i = 0; i <= topicFilter.Length; i++)
        {
            if (i < topicFilter.Length && topicFilter[i] != '/')
            {
                continue;
            }

            var level = topicFilter[levelStart..i];
            if (level.Length > 1 && level.IndexOfAny('+', '#') >= 0)
            {
                return false;
            }

            if (level is "#" && i != topicFilter.Length)
            {
                return false;
            }

            levelStart = i + 1;
        }

        return true;
    }

    /// <summary>[MQTT-3.3.2-2] no wildcard characters; [MQTT-4.7.3-1] at least one character.</summary>
    public static bool IsValidTopicName(ReadOnlySpan<char> topicName) =>
        !topicName.IsEmpty && topicName.IndexOfAny('+', '#') < 0;

    /// <summary>True for "$share/{ShareName}/{filter}" (4.8.2).</summary>
    public static bool IsSharedSubscription(ReadOnlySpan<char> topicFilter) =>
        topicFilter.StartsWith(SharePrefix, StringComparison.Ordinal);
}

using System.Diagnostics.CodeAnalysis;

namespace PostOffice.Gateway.Routing;

internal static class RoutingThrow
{
    [DoesNotReturn]
    public static void InvalidTopicFilter(string topicFilter, string parameterName) =>
        throw new ArgumentException($"'{topicFilter}' is not a valid Topic Filter (4.7, 4.8.2).", parameterName);

    [DoesNotReturn]
    public static void InvalidTopicName(string topicName, string parameterName) =>
        throw new ArgumentException($"'{topicName}' is not a valid Topic Name (4.7).", parameterName);

    [DoesNotReturn]
    public static void SharedFilterNotAllowed(string topicFilter, string parameterName) =>
        throw new ArgumentException($"'{topicFilter}' is a shared subscription; retained messages are not sent for those.", parameterName);
}

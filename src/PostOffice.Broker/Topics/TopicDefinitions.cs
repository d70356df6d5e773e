using System.Text.Json;
using System.Text.Json.Nodes;
using PostOffice.Storage.Catalog;

namespace PostOffice.Broker.Topics;

/// <summary>
/// Catalog entries. Topic (kind sns-topic, name = topic name): <c>{"fifo","created","attributes":{..},"tags":{..}}</c>.
/// Subscription (kind sns-subscription, name = its ARN):
/// <c>{"topicArn","protocol","endpoint","attributes":{..},"confirmed","token","authenticated"}</c>.
/// </summary>
internal static class TopicDefinitions
{
    public static string WriteTopic(Topic topic) => WriteTopic(topic.IsFifo, topic.CreatedAt, topic.Attributes, topic.Tags);

    public static string WriteTopic(bool fifo, long created, IReadOnlyDictionary<string, string> attributes, IReadOnlyDictionary<string, string> tags) => new JsonObject
    {
        ["fifo"] = fifo,
        ["created"] = created,
        ["attributes"] = JsonSerializer.SerializeToNode(attributes),
        ["tags"] = JsonSerializer.SerializeToNode(tags),
    }.ToJsonString();

    public static Topic ReadTopic(CatalogEntry entry, string arn)
    {
        var definition = JsonNode.Parse(entry.Definition)!.AsObject();
        return new Topic(entry.Id, entry.Name, arn, definition["fifo"]!.GetValue<bool>(), definition["created"]!.GetValue<long>())
        {
            Attributes = Map(definition["attributes"]),
            Tags = Map(definition["tags"]),
        };
    }

    public static string WriteSubscription(Subscription subscription) => new JsonObject
    {
        ["topicArn"] = subscription.TopicArn,
        ["protocol"] = subscription.Protocol,
        ["endpoint"] = subscription.Endpoint,
        ["attributes"] = JsonSerializer.SerializeToNode(subscription.Attributes),
        ["confirmed"] = subscription.Confirmed,
        ["token"] = subscription.Token,
        ["authenticated"] = subscription.ConfirmationWasAuthenticated,
    }.ToJsonString();

    public static Subscription ReadSubscription(CatalogEntry entry)
    {
        var definition = JsonNode.Parse(entry.Definition)!.AsObject();
        return new Subscription(
            entry.Id, entry.Name, definition["topicArn"]!.GetValue<string>(), definition["protocol"]!.GetValue<string>(), definition["endpoint"]!.GetValue<string>())
        {
            Attributes = Map(definition["attributes"]),
            Confirmed = definition["confirmed"]!.GetValue<bool>(),
            Token = definition["token"]?.GetValue<string>(),
            ConfirmationWasAuthenticated = definition["authenticated"]?.GetValue<bool>() ?? false,
        };
    }

    private static Dictionary<string, string> Map(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                map[key] = value!.GetValue<string>();
            }
        }

        return map;
    }
}

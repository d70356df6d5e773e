using System.Text.Json;
using System.Text.Json.Nodes;
using PostOffice.Storage.Catalog;

namespace PostOffice.Broker.Queues;

/// <summary>A queue's catalog entry: <c>{"fifo":..,"created":..,"modified":..,"attributes":{..},"tags":{..}}</c>.</summary>
internal static class QueueDefinition
{
    public static string Write(Queue queue) => Write(queue.IsFifo, queue.CreatedAt, queue.ModifiedAt, queue.Settings, queue.Tags);

    public static string Write(bool fifo, long created, long modified, QueueSettings settings, IReadOnlyDictionary<string, string> tags) => new JsonObject
    {
        ["fifo"] = fifo,
        ["created"] = created,
        ["modified"] = modified,
        ["attributes"] = JsonNode.Parse(settings.ToJson()),
        ["tags"] = JsonNode.Parse(JsonSerializer.Serialize(tags)),
    }.ToJsonString();

    public static Queue Read(CatalogEntry entry, QueueEngineOptions options)
    {
        var definition = JsonNode.Parse(entry.Definition)!.AsObject();
        var fifo = definition["fifo"]!.GetValue<bool>();
        var settings = QueueSettings.FromJson(fifo, definition["attributes"]!.ToJsonString(), _ => null);
        var queue = new Queue(entry.Id, entry.Name, QueueNames.Arn(options, entry.Name), settings, definition["created"]!.GetValue<long>())
        {
            ModifiedAt = definition["modified"]!.GetValue<long>(),
        };
        foreach (var (key, value) in definition["tags"]!.AsObject())
        {
            queue.Tags[key] = value!.GetValue<string>();
        }

        return queue;
    }
}

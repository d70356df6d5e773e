using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostOffice.Broker.Policies;

/// <summary>
/// A resource policy (the Policy attribute of a queue or a topic) as AddPermission and RemovePermission edit it:
/// statements found by their Sid, and the statement both SQS and SNS write for a permission,
/// <c>{"Sid":label,"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{account}:root"},"Action":action,"Resource":arn}</c>
/// with one principal or action as a string and several as an array. Which actions may be granted, the limits and
/// the errors are each service's own (<see cref="Queues.QueuePolicy"/>, <see cref="Topics.TopicPolicy"/>).
/// </summary>
internal static class PolicyDocument
{
    /// <summary>The policy to edit: <paramref name="policyText"/> when it is a JSON object, otherwise <paramref name="absent"/>'s.</summary>
    public static JsonObject Parse(string? policyText, Func<JsonObject> absent)
    {
        if (!string.IsNullOrEmpty(policyText))
        {
            try
            {
                if (JsonNode.Parse(policyText) is JsonObject existing)
                {
                    return existing;
                }
            }
            catch (JsonException)
            {
                // Set*Attributes only stores JSON objects; anything else is replaced as if absent.
            }
        }

        return absent();
    }

    /// <summary>The policy's statements as an array (a single statement object is a valid policy too, and is wrapped).</summary>
    public static JsonArray Statements(JsonObject policy)
    {
        switch (policy["Statement"])
        {
            case JsonArray array:
                return array;
            case JsonObject single:
                policy.Remove("Statement");
                var wrapped = new JsonArray(single);
                policy["Statement"] = wrapped;
                return wrapped;
            default:
                var created = new JsonArray();
                policy["Statement"] = created;
                return created;
        }
    }

    public static bool Contains(JsonArray statements, string sid) => statements.Any(statement => SidOf(statement) == sid);

    /// <summary>Removes the statement whose Sid is <paramref name="sid"/>; false when there is none.</summary>
    public static bool Remove(JsonArray statements, string sid)
    {
        var statement = statements.FirstOrDefault(s => SidOf(s) == sid);
        return statement is not null && statements.Remove(statement);
    }

    /// <summary>The statement allowing each account's root principal the <paramref name="actions"/> (already prefixed: <c>SQS:SendMessage</c>).</summary>
    public static JsonObject AllowStatement(string sid, IEnumerable<string> accountIds, IEnumerable<string> actions, string resourceArn) => new()
    {
        ["Sid"] = sid,
        ["Effect"] = "Allow",
        ["Principal"] = new JsonObject { ["AWS"] = OneOrMany(accountIds.Select(id => $"arn:aws:iam::{id}:root")) },
        ["Action"] = OneOrMany(actions),
        ["Resource"] = resourceArn,
    };

    /// <summary>An AWS account id: twelve digits.</summary>
    public static bool IsAccountId(string value) => value.Length == 12 && value.All(char.IsAsciiDigit);

    private static string? SidOf(JsonNode? statement) =>
        statement is JsonObject fields && fields["Sid"] is JsonValue sid && sid.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode OneOrMany(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? JsonValue.Create(list[0]) : new JsonArray([.. list.Select(value => (JsonNode?)JsonValue.Create(value))]);
    }
}

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

    /// <summary>
    /// Checks a resource policy against the IAM policy grammar
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html): a JSON object with only
    /// Version, Id and Statement; one statement object or a non-empty array of them; each with only the grammar's
    /// elements, an Effect of Allow or Deny, a Principal or NotPrincipal, an Action or NotAction, and no duplicate Sid.
    /// Returns null when it holds, otherwise what is wrong, and separately whether an action names another service
    /// than <paramref name="servicePrefix"/> (SNS and SQS report that one with its own message).
    /// </summary>
    public static string? GrammarError(string policyText, string servicePrefix, out bool actionOutOfScope)
    {
        actionOutOfScope = false;
        JsonObject policy;
        try
        {
            if (JsonNode.Parse(policyText) is not JsonObject parsed)
            {
                return "the policy is not a JSON object";
            }

            policy = parsed;
        }
        catch (JsonException)
        {
            return "the policy is not valid JSON";
        }

        foreach (var (name, _) in policy)
        {
            if (name is not ("Version" or "Id" or "Statement"))
            {
                return $"unknown element {name}";
            }
        }

        if (policy["Version"] is { } version && !(version is JsonValue v && v.TryGetValue<string>(out var text) && text is "2008-10-17" or "2012-10-17"))
        {
            return "Version must be 2008-10-17 or 2012-10-17";
        }

        JsonNode?[] statements = policy["Statement"] switch
        {
            JsonObject single => [single],
            JsonArray array when array.Count > 0 => [.. array],
            _ => [],
        };
        if (statements.Length == 0)
        {
            return "Statement is missing or empty";
        }

        var sids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in statements)
        {
            if (node is not JsonObject statement)
            {
                return "a statement is not a JSON object";
            }

            foreach (var (name, _) in statement)
            {
                if (name is not ("Sid" or "Effect" or "Principal" or "NotPrincipal" or "Action" or "NotAction" or "Resource" or "NotResource" or "Condition"))
                {
                    return $"unknown element {name} in a statement";
                }
            }

            if (SidOf(statement) is { } sid && !sids.Add(sid))
            {
                return $"duplicate Sid {sid}";
            }

            if (!(statement["Effect"] is JsonValue effect && effect.TryGetValue<string>(out var effectText) && effectText is "Allow" or "Deny"))
            {
                return "Effect must be Allow or Deny";
            }

            if ((statement["Principal"] ?? statement["NotPrincipal"]) is null)
            {
                return "a statement has no Principal";
            }

            var actions = statement["Action"] ?? statement["NotAction"];
            var names = actions switch
            {
                JsonValue one when one.TryGetValue<string>(out var action) => [action],
                JsonArray many when many.Count > 0 && many.All(a => a is JsonValue value && value.TryGetValue<string>(out _)) => many.Select(a => a!.GetValue<string>()).ToArray(),
                _ => (string[]?)null,
            };
            if (names is null)
            {
                return "a statement has no Action";
            }

            if (names.Any(action => action != "*" && !action.StartsWith(servicePrefix + ":", StringComparison.OrdinalIgnoreCase)))
            {
                actionOutOfScope = true;
                return "an action belongs to another service";
            }
        }

        return null;
    }

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

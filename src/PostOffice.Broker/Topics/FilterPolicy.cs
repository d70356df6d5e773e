using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace PostOffice.Broker.Topics;

/// <summary>
/// A parsed subscription filter policy (https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html)
/// and its evaluation against message attributes or a JSON message body. Parsing enforces the constraints of
/// https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html: at most five keys, at most
/// 150 value combinations, numbers within ±10^9, at most 256 KB, no nesting for the attribute scope.
/// </summary>
internal sealed class FilterPolicy
{
    public const int MaxKeys = 5;
    public const int MaxCombinations = 150;
    public const int MaxBytes = 256 * 1024;
    private const double MaxNumber = 1_000_000_000;

    private readonly Node _root;

    private FilterPolicy(Node root, FilterPolicyScope scope)
    {
        _root = root;
        Scope = scope;
    }

    public FilterPolicyScope Scope { get; }

    /// <summary>Parses and validates; a policy AWS would refuse throws <see cref="TopicException"/> (InvalidParameter).</summary>
    public static FilterPolicy Parse(string json, FilterPolicyScope scope)
    {
        if (Encoding.UTF8.GetByteCount(json) > MaxBytes)
        {
            throw Invalid("Filter policy is too large");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw Invalid($"failed to parse JSON. {exception.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("Filter policy must be a JSON object");
            }

            var root = ParseObject(document.RootElement, scope, depth: 0);
            if (root.IsEmpty)
            {
                throw Invalid("Filter policy must not be empty");
            }

            if (root.MaxKeys() > MaxKeys)
            {
                throw Invalid($"Filter policy can not have more than {MaxKeys} keys");
            }

            if (root.Combinations() > MaxCombinations)
            {
                throw Invalid("Filter policy is too complex");
            }

            return new FilterPolicy(root, scope);
        }
    }

    /// <summary>Attribute scope: String, String.Array and Number attributes are compared; Binary ones are not.</summary>
    public bool Matches(IReadOnlyDictionary<string, Queues.MessageAttributeValue> attributes) =>
        _root.Matches(key => AttributeValues(attributes, key));

    /// <summary>Body scope: the body must be a JSON object; anything else matches nothing.</summary>
    public bool Matches(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && _root.MatchesJson(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<FilterValue>? AttributeValues(IReadOnlyDictionary<string, Queues.MessageAttributeValue> attributes, string key)
    {
        if (!attributes.TryGetValue(key, out var attribute) || attribute.StringValue is not { } text)
        {
            return null;
        }

        var type = attribute.DataType;
        if (type.StartsWith("Number", StringComparison.Ordinal))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? [FilterValue.OfNumber(number)] : [];
        }

        if (type.StartsWith("String.Array", StringComparison.Ordinal))
        {
            try
            {
                using var array = JsonDocument.Parse(text);
                var values = new List<FilterValue>();
                if (array.RootElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in array.RootElement.EnumerateArray())
                    {
                        values.Add(ValueOf(item));
                    }
                }

                return values;
            }
            catch (JsonException)
            {
                return [];
            }
        }

        return type.StartsWith("String", StringComparison.Ordinal) ? [FilterValue.OfString(text)] : null;
    }

    private static FilterValue ValueOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => FilterValue.OfString(element.GetString()!),
        JsonValueKind.Number => FilterValue.OfNumber(element.GetDouble()),
        JsonValueKind.True => FilterValue.OfBoolean(true),
        JsonValueKind.False => FilterValue.OfBoolean(false),
        _ => FilterValue.Null,
    };

    private static Node ParseObject(JsonElement element, FilterPolicyScope scope, int depth)
    {
        var node = new Node();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            if (property.Name == "$or" && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Object))
            {
                if (value.GetArrayLength() < 2)
                {
                    throw Invalid("$or must have at least 2 elements");
                }

                foreach (var alternative in value.EnumerateArray())
                {
                    node.Alternatives.Add(ParseObject(alternative, scope, depth));
                }

                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.Array:
                    node.Leaves[property.Name] = ParseConditions(value);
                    break;
                case JsonValueKind.Object when scope == FilterPolicyScope.MessageBody:
                    node.Children[property.Name] = ParseObject(value, scope, depth + 1);
                    break;
                case JsonValueKind.Object:
                    throw new TopicException(TopicErrorCode.InvalidParameter, "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy");
                default:
                    // A bare value stands for a one-element array.
                    node.Leaves[property.Name] = [ParseCondition(value)];
                    break;
            }
        }

        return node;
    }

    private static List<FilterCondition> ParseConditions(JsonElement array)
    {
        if (array.GetArrayLength() == 0)
        {
            throw Invalid("Empty arrays are not allowed");
        }

        var conditions = new List<FilterCondition>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            conditions.Add(ParseCondition(item));
        }

        return conditions;
    }

    private static FilterCondition ParseCondition(JsonElement item)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
                return new ExactCondition(FilterValue.OfString(item.GetString()!));
            case JsonValueKind.Number:
                return new ExactCondition(FilterValue.OfNumber(CheckedNumber(item)));
            case JsonValueKind.True or JsonValueKind.False:
                return new ExactCondition(FilterValue.OfBoolean(item.ValueKind == JsonValueKind.True));
            case JsonValueKind.Null:
                return new ExactCondition(FilterValue.Null);
            case JsonValueKind.Object:
                break;
            default:
                throw Invalid("Match value must be String, number, true, false, or null");
        }

        using var properties = item.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw Invalid("Empty objects are not allowed");
        }

        var property = properties.Current;
        if (properties.MoveNext())
        {
            throw Invalid("Only one key allowed in match expression");
        }

        var operand = property.Value;
        return property.Name switch
        {
            "prefix" => ParsePrefixOrSuffix(operand, suffix: false),
            "suffix" => ParsePrefixOrSuffix(operand, suffix: true),
            "equals-ignore-case" => new EqualsIgnoreCaseCondition(RequireString(operand, "equals-ignore-case")),
            "anything-but" => ParseAnythingBut(operand),
            "numeric" => ParseNumeric(operand),
            "exists" => operand.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new ExistsCondition(operand.ValueKind == JsonValueKind.True)
                : throw Invalid("exists match pattern must be either true or false."),
            "cidr" => ParseCidr(operand),
            _ => throw Invalid($"Unrecognized match type {property.Name}"),
        };
    }

    private static FilterCondition ParsePrefixOrSuffix(JsonElement operand, bool suffix)
    {
        var name = suffix ? "suffix" : "prefix";
        var ignoreCase = false;
        string text;
        if (operand.ValueKind == JsonValueKind.Object && operand.TryGetProperty("equals-ignore-case", out var inner))
        {
            ignoreCase = true;
            text = RequireString(inner, name);
        }
        else
        {
            text = RequireString(operand, name);
        }

        if (text.Length == 0)
        {
            throw Invalid($"Null {name} not allowed");
        }

        return suffix ? new SuffixCondition(text, ignoreCase) : new PrefixCondition(text, ignoreCase);
    }

    private static AnythingButCondition ParseAnythingBut(JsonElement operand)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                return new AnythingButCondition([ParseCondition(operand)]);
            case JsonValueKind.Array:
                if (operand.GetArrayLength() == 0)
                {
                    throw Invalid("Empty arrays are not allowed");
                }

                var excluded = new List<FilterCondition>();
                foreach (var item in operand.EnumerateArray())
                {
                    if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                    {
                        throw Invalid("Inside anything but list, start|null|boolean is not supported.");
                    }

                    excluded.Add(ParseCondition(item));
                }

                return new AnythingButCondition(excluded);
            case JsonValueKind.Object:
                var inner = ParseCondition(operand);
                if (inner is not (PrefixCondition or SuffixCondition or EqualsIgnoreCaseCondition))
                {
                    throw Invalid("Unsupported anything-but pattern");
                }

                return new AnythingButCondition([inner]);
            default:
                throw Invalid("Value of anything-but must be an array or single string/number value.");
        }
    }

    private static NumericCondition ParseNumeric(JsonElement operand)
    {
        if (operand.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("Value of numeric must be an array.");
        }

        var items = operand.EnumerateArray().ToArray();
        if (items.Length is not (2 or 4))
        {
            throw Invalid("Value of numeric must have one or two operator and value pairs");
        }

        var comparisons = new List<(string, double)>(2);
        for (var i = 0; i < items.Length; i += 2)
        {
            var op = items[i].ValueKind == JsonValueKind.String ? items[i].GetString()! : throw Invalid("Value of numeric must be an array.");
            if (op is not ("=" or "<" or "<=" or ">" or ">="))
            {
                throw Invalid($"Unrecognized numeric range operator: {op}");
            }

            if (items[i + 1].ValueKind != JsonValueKind.Number)
            {
                throw Invalid($"Value of {op} must be numeric");
            }

            comparisons.Add((op, CheckedNumber(items[i + 1])));
        }

        if (items.Length == 4)
        {
            // A range is a lower bound followed by an upper bound: [">", 0, "<=", 150].
            var (first, low) = comparisons[0];
            var (second, high) = comparisons[1];
            if (first is not (">" or ">=") || second is not ("<" or "<=") || low >= high)
            {
                throw Invalid("Bad numeric range operator");
            }
        }
        else if (comparisons[0].Item1 == "=" && items.Length != 2)
        {
            throw Invalid("Bad numeric range operator");
        }

        return new NumericCondition(comparisons);
    }

    private static CidrCondition ParseCidr(JsonElement operand)
    {
        var text = RequireString(operand, "cidr");
        return IPNetwork.TryParse(text, out var network) ? new CidrCondition(network) : throw Invalid($"Malformed CIDR, one '/' required: {text}");
    }

    private static double CheckedNumber(JsonElement number)
    {
        var value = number.GetDouble();
        return value is < -MaxNumber or > MaxNumber ? throw Invalid("Numeric value must be within -1.0E9 and 1.0E9") : value;
    }

    private static string RequireString(JsonElement operand, string name) =>
        operand.ValueKind == JsonValueKind.String ? operand.GetString()! : throw Invalid($"{name} match pattern must be a string");

    private static TopicException Invalid(string reason) => new(TopicErrorCode.InvalidParameter, $"Invalid parameter: FilterPolicy: {reason}");

    /// <summary>One object level of the policy: leaf keys, nested keys (body scope) and <c>$or</c> alternatives, all ANDed.</summary>
    private sealed class Node
    {
        public Dictionary<string, List<FilterCondition>> Leaves { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public List<Node> Alternatives { get; } = [];

        public bool IsEmpty => Leaves.Count == 0 && Children.Count == 0 && Alternatives.Count == 0;

        /// <summary>The keys one path through the <c>$or</c> alternatives uses.</summary>
        public int MaxKeys() =>
            Leaves.Count + Children.Values.Sum(child => child.MaxKeys()) + (Alternatives.Count == 0 ? 0 : Alternatives.Max(a => a.MaxKeys()));

        public long Combinations()
        {
            long total = 1;
            foreach (var conditions in Leaves.Values)
            {
                total = Math.Min(total * conditions.Count, int.MaxValue);
            }

            foreach (var child in Children.Values)
            {
                total = Math.Min(total * child.Combinations(), int.MaxValue);
            }

            if (Alternatives.Count > 0)
            {
                total = Math.Min(total * Alternatives.Sum(a => a.Combinations()), int.MaxValue);
            }

            return total;
        }

        public bool Matches(Func<string, List<FilterValue>?> lookup)
        {
            foreach (var (key, conditions) in Leaves)
            {
                if (!LeafMatches(conditions, lookup(key)))
                {
                    return false;
                }
            }

            return Alternatives.Count == 0 || Alternatives.Exists(alternative => alternative.Matches(lookup));
        }

        public bool MatchesJson(JsonElement element)
        {
            foreach (var (key, conditions) in Leaves)
            {
                List<FilterValue>? values = null;
                if (element.TryGetProperty(key, out var value))
                {
                    values = [];
                    Collect(value, values);
                }

                if (!LeafMatches(conditions, values))
                {
                    return false;
                }
            }

            foreach (var (key, child) in Children)
            {
                if (!element.TryGetProperty(key, out var value) || !ChildMatches(child, value))
                {
                    return false;
                }
            }

            return Alternatives.Count == 0 || Alternatives.Exists(alternative => alternative.MatchesJson(element));
        }

        private static bool ChildMatches(Node child, JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => child.MatchesJson(value),
            JsonValueKind.Array => value.EnumerateArray().Any(item => ChildMatches(child, item)),
            _ => false,
        };

        private static void Collect(JsonElement value, List<FilterValue> values)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray())
                {
                    Collect(item, values);
                }
            }
            else if (value.ValueKind != JsonValueKind.Object)
            {
                values.Add(ValueOf(value));
            }
        }

        private static bool LeafMatches(List<FilterCondition> conditions, List<FilterValue>? values)
        {
            foreach (var condition in conditions)
            {
                if (values is null)
                {
                    if (condition.MatchesAbsent)
                    {
                        return true;
                    }

                    continue;
                }

                foreach (var value in values)
                {
                    if (condition.Matches(value))
                    {
                        return true;
                    }
                }

                // A present key holding an empty array or object still satisfies {"exists": true}.
                if (values.Count == 0 && condition is ExistsCondition && !condition.MatchesAbsent)
                {
                    return true;
                }
            }

            return false;
        }
    }
}

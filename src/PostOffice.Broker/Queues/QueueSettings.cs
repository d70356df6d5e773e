using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostOffice.Broker.Queues;

/// <summary>
/// The settable attributes of one queue, typed and validated as AWS documents them. Values are kept as AWS returns
/// them (strings) for Get, and as numbers for the engine.
/// </summary>
internal sealed class QueueSettings
{
    private static readonly string[] CommonNames =
    [
        "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout",
        "Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled",
    ];

    private static readonly string[] FifoNames = ["FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"];

    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public QueueSettings(bool fifo)
    {
        IsFifo = fifo;
        _values["DelaySeconds"] = "0";
        _values["MaximumMessageSize"] = "1048576"; // AWS's default since 2025 (1 MiB); it was 256 KiB before
        _values["MessageRetentionPeriod"] = "345600";
        _values["ReceiveMessageWaitTimeSeconds"] = "0";
        _values["VisibilityTimeout"] = "30";
        _values["SqsManagedSseEnabled"] = "true";
        if (fifo)
        {
            _values["FifoQueue"] = "true";
            _values["ContentBasedDeduplication"] = "false";
            _values["DeduplicationScope"] = "queue";
            _values["FifoThroughputLimit"] = "perQueue";
        }
    }

    public bool IsFifo { get; }

    public int DelaySeconds => Int("DelaySeconds");

    public int MaximumMessageSize => Int("MaximumMessageSize");

    public int MessageRetentionPeriod => Int("MessageRetentionPeriod");

    public int ReceiveMessageWaitTimeSeconds => Int("ReceiveMessageWaitTimeSeconds");

    public int VisibilityTimeout => Int("VisibilityTimeout");

    public bool ContentBasedDeduplication => _values.GetValueOrDefault("ContentBasedDeduplication") == "true";

    public bool DeduplicationPerGroup => _values.GetValueOrDefault("DeduplicationScope") == "messageGroup";

    /// <summary>The dead-letter queue's name and the receive count after which messages move there, if set.</summary>
    public (string DeadLetterQueue, int MaxReceiveCount)? Redrive { get; private set; }

    public IReadOnlyDictionary<string, string> Values => _values;

    public static bool IsKnown(string name, bool fifo) => CommonNames.Contains(name) || (fifo && FifoNames.Contains(name));

    /// <summary>
    /// Validates and applies attributes. <paramref name="creating"/> allows FifoQueue. Nothing is applied when any
    /// attribute is invalid. <paramref name="deadLetterQueueIsFifo"/> checks a RedrivePolicy's target: null when it
    /// does not exist, else whether it is a FIFO queue.
    /// </summary>
    public void Apply(IReadOnlyDictionary<string, string> attributes, bool creating, Func<string, bool?> deadLetterQueueIsFifo)
    {
        var staged = new Dictionary<string, string>(_values, StringComparer.Ordinal);
        (string, int)? redrive = Redrive;
        foreach (var (name, value) in attributes)
        {
            if (!IsKnown(name, IsFifo) || (name == "FifoQueue" && !creating))
            {
                throw new QueueException(QueueErrorCode.InvalidAttributeName, $"Unknown Attribute {name}.");
            }

            switch (name)
            {
                case "DelaySeconds": staged[name] = Range(name, value, 0, 900); break;
                case "MaximumMessageSize": staged[name] = Range(name, value, 1024, 1048576); break;
                case "MessageRetentionPeriod": staged[name] = Range(name, value, 60, 1209600); break;
                case "ReceiveMessageWaitTimeSeconds": staged[name] = Range(name, value, 0, 20); break;
                case "VisibilityTimeout": staged[name] = Range(name, value, 0, 43200); break;
                case "KmsDataKeyReusePeriodSeconds": staged[name] = Range(name, value, 60, 86400); break;
                case "SqsManagedSseEnabled" or "ContentBasedDeduplication": staged[name] = Boolean(name, value); break;
                case "FifoQueue":
                    if (Boolean(name, value) != "true")
                    {
                        throw Invalid(name);
                    }

                    break;
                case "DeduplicationScope": staged[name] = OneOf(name, value, "messageGroup", "queue"); break;
                case "FifoThroughputLimit": staged[name] = OneOf(name, value, "perQueue", "perMessageGroupId"); break;
                case "KmsMasterKeyId": SetOrRemove(staged, name, value); break;
                case "Policy": SetOrRemove(staged, name, RequireJsonObject(name, value)); break;
                case "RedriveAllowPolicy": SetOrRemove(staged, name, ValidateRedriveAllowPolicy(value)); break;
                case "RedrivePolicy":
                    redrive = value.Length == 0 ? null : ParseRedrivePolicy(value, IsFifo, deadLetterQueueIsFifo);

                    // Stored as AWS returns it: maxReceiveCount a number even when it was sent as a string.
                    SetOrRemove(staged, name, redrive is { } parsed
                        ? new JsonObject { ["deadLetterTargetArn"] = ArnOf(value), ["maxReceiveCount"] = parsed.Item2 }.ToJsonString()
                        : string.Empty);
                    break;
            }
        }

        if (staged.GetValueOrDefault("FifoThroughputLimit") == "perMessageGroupId" && staged.GetValueOrDefault("DeduplicationScope") != "messageGroup")
        {
            throw new QueueException(QueueErrorCode.InvalidAttributeValue, "Invalid value for the parameter FifoThroughputLimit. Reason: perMessageGroupId requires DeduplicationScope messageGroup.");
        }

        _values.Clear();
        foreach (var (name, value) in staged)
        {
            _values[name] = value;
        }

        Redrive = redrive;
    }

    /// <summary>True when every given attribute equals the current value (CreateQueue on an existing queue).</summary>
    public bool Matches(IReadOnlyDictionary<string, string> attributes)
    {
        var probe = new QueueSettings(IsFifo);
        probe._values.Clear();
        foreach (var (name, value) in _values)
        {
            probe._values[name] = value;
        }

        try
        {
            probe.Apply(attributes, creating: true, _ => IsFifo);
        }
        catch (QueueException)
        {
            return false;
        }

        return attributes.Keys.All(name => name == "FifoQueue" || probe._values.GetValueOrDefault(name) == _values.GetValueOrDefault(name));
    }

    public string ToJson() => JsonSerializer.Serialize(_values);

    public static QueueSettings FromJson(bool fifo, string json, Func<string, bool?> deadLetterQueueIsFifo)
    {
        var settings = new QueueSettings(fifo);
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        foreach (var (name, value) in values)
        {
            settings._values[name] = value;
        }

        if (values.TryGetValue("RedrivePolicy", out var redrive))
        {
            settings.Redrive = ParseRedrivePolicy(redrive, fifo, deadLetterQueueIsFifo: null);
        }

        return settings;
    }

    private int Int(string name) => int.Parse(_values[name], CultureInfo.InvariantCulture);

    private static QueueException Invalid(string name, string? reason = null) =>
        new(QueueErrorCode.InvalidAttributeValue, $"Invalid value for the parameter {name}." + (reason is null ? string.Empty : $" Reason: {reason}"));

    private static string Range(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number.ToString(CultureInfo.InvariantCulture)
            : throw Invalid(name);

    private static string Boolean(string name, string value) => value.ToUpperInvariant() switch
    {
        "TRUE" => "true",
        "FALSE" => "false",
        _ => throw Invalid(name),
    };

    private static string OneOf(string name, string value, params string[] allowed) =>
        allowed.Contains(value, StringComparer.Ordinal) ? value : throw Invalid(name);

    private static void SetOrRemove(Dictionary<string, string> values, string name, string value)
    {
        if (value.Length == 0)
        {
            values.Remove(name);
        }
        else
        {
            values[name] = value;
        }
    }

    private static string RequireJsonObject(string name, string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        try
        {
            return JsonNode.Parse(value) is JsonObject ? value : throw Invalid(name);
        }
        catch (JsonException)
        {
            throw Invalid(name);
        }
    }

    private static string ArnOf(string redrivePolicy) => JsonNode.Parse(redrivePolicy)!["deadLetterTargetArn"]!.ToString();

    private static (string, int) ParseRedrivePolicy(string value, bool fifo, Func<string, bool?>? deadLetterQueueIsFifo)
    {
        JsonObject policy;
        try
        {
            policy = JsonNode.Parse(value) as JsonObject ?? throw Invalid("RedrivePolicy");
        }
        catch (JsonException)
        {
            throw Invalid("RedrivePolicy", "Redrive policy is not a valid JSON map.");
        }

        var target = QueueNames.NameFromArn(policy["deadLetterTargetArn"]?.ToString())
            ?? throw Invalid("RedrivePolicy", "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
        var maxText = policy["maxReceiveCount"]?.ToString()
            ?? throw Invalid("RedrivePolicy", "Redrive policy does not contain mandatory attribute: maxReceiveCount.");
        if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max is < 1 or > 1000)
        {
            throw Invalid("RedrivePolicy", "Invalid value for maxReceiveCount: " + maxText + ", valid values are from 1 to 1000 both inclusive.");
        }

        if (deadLetterQueueIsFifo is not null)
        {
            var targetFifo = deadLetterQueueIsFifo(target) ?? throw Invalid("RedrivePolicy", "Dead letter target does not exist.");
            if (targetFifo != fifo)
            {
                throw Invalid("RedrivePolicy", "Dead-letter queue must be same type of queue as the source.");
            }
        }

        return (target, max);
    }

    private static string ValidateRedriveAllowPolicy(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        try
        {
            var policy = JsonNode.Parse(value) as JsonObject ?? throw Invalid("RedriveAllowPolicy");
            var permission = policy["redrivePermission"]?.ToString();
            var sources = policy["sourceQueueArns"] as JsonArray;
            var valid = permission switch
            {
                "allowAll" or "denyAll" => sources is null,
                "byQueue" => sources is { Count: >= 1 and <= 10 },
                _ => false,
            };
            return valid ? value : throw Invalid("RedriveAllowPolicy");
        }
        catch (JsonException)
        {
            throw Invalid("RedriveAllowPolicy");
        }
    }
}

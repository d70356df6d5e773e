using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PostOffice.Broker.Delivery;

/// <summary>
/// The HTTP(S) delivery policy of a subscription (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html,
/// "Creating an HTTP/S delivery policy"): the four retry phases and the throttle. Defaults are AWS's: 3 retries, 20
/// seconds apart, linear, no throttle.
/// </summary>
public sealed record DeliveryPolicy
{
    /// <summary>AWS caps the whole retry schedule of an HTTP/S endpoint at 3,600 seconds.</summary>
    public const int MaxTotalRetrySeconds = 3600;

    public static DeliveryPolicy Default { get; } = new();

    public int NumRetries { get; init; } = 3;

    public int NumNoDelayRetries { get; init; }

    public int MinDelayTarget { get; init; } = 20;

    public int MaxDelayTarget { get; init; } = 20;

    public int NumMinDelayRetries { get; init; }

    public int NumMaxDelayRetries { get; init; }

    public BackoffFunction BackoffFunction { get; init; } = BackoffFunction.Linear;

    /// <summary>Null: no throttle.</summary>
    public int? MaxReceivesPerSecond { get; init; }

    /// <summary>The Content-Type of the POST (requestPolicy.headerContentType); AWS's default is text/plain.</summary>
    public string HeaderContentType { get; init; } = "text/plain; charset=UTF-8";

    /// <summary>
    /// The delay before retry <paramref name="retry"/> (1-based): immediate phase, pre-backoff phase at the minimum
    /// delay, backoff phase growing to the maximum, post-backoff phase at the maximum. Null when retries are exhausted.
    /// </summary>
    public TimeSpan? DelayBeforeRetry(int retry)
    {
        if (retry < 1 || retry > NumRetries)
        {
            return null;
        }

        if (retry <= NumNoDelayRetries)
        {
            return TimeSpan.Zero;
        }

        var afterImmediate = retry - NumNoDelayRetries;
        if (afterImmediate <= NumMinDelayRetries)
        {
            return TimeSpan.FromSeconds(MinDelayTarget);
        }

        var backoffRetries = NumRetries - NumNoDelayRetries - NumMinDelayRetries - NumMaxDelayRetries;
        var intoBackoff = afterImmediate - NumMinDelayRetries;
        if (intoBackoff > backoffRetries)
        {
            return TimeSpan.FromSeconds(MaxDelayTarget);
        }

        var x = (double)intoBackoff / backoffRetries;
        var g = BackoffFunction switch
        {
            BackoffFunction.Arithmetic => x * x,
            BackoffFunction.Geometric => x * x * x,
            BackoffFunction.Exponential => (Math.Pow(2, 10 * x) - 1) / (Math.Pow(2, 10) - 1),
            _ => x,
        };
        return TimeSpan.FromSeconds(Math.Round(MinDelayTarget + ((MaxDelayTarget - MinDelayTarget) * g), 3));
    }

    /// <summary>
    /// Reads a subscription policy (<c>{"healthyRetryPolicy": {...}, "throttlePolicy": {...}, "requestPolicy": {...}}</c>) or
    /// the "http" section of a topic policy (<c>defaultHealthyRetryPolicy</c>, <c>defaultThrottlePolicy</c>,
    /// <c>defaultRequestPolicy</c>) over <paramref name="basis"/>. Returns the reason when it is invalid.
    /// </summary>
    public static DeliveryPolicy Parse(string json, DeliveryPolicy basis, bool topicLevel, out string? error)
    {
        error = null;
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            error = "DeliveryPolicy: failed to parse JSON";
            return basis;
        }

        if (topicLevel)
        {
            if (root["http"] is not JsonObject http)
            {
                return basis;
            }

            root = http;
        }

        var prefix = topicLevel ? "default" : string.Empty;
        var policy = basis;
        try
        {
            if (root[Name(prefix, "healthyRetryPolicy")] is JsonObject retry)
            {
                policy = policy with
                {
                    NumRetries = Int(retry, "numRetries", policy.NumRetries),
                    NumNoDelayRetries = Int(retry, "numNoDelayRetries", 0),
                    MinDelayTarget = Int(retry, "minDelayTarget", 20),
                    MaxDelayTarget = Int(retry, "maxDelayTarget", 20),
                    NumMinDelayRetries = Int(retry, "numMinDelayRetries", 0),
                    NumMaxDelayRetries = Int(retry, "numMaxDelayRetries", 0),
                    BackoffFunction = retry["backoffFunction"]?.GetValue<string>() switch
                    {
                        null or "linear" => BackoffFunction.Linear,
                        "arithmetic" => BackoffFunction.Arithmetic,
                        "geometric" => BackoffFunction.Geometric,
                        "exponential" => BackoffFunction.Exponential,
                        var other => throw new FormatException($"backoffFunction {other} is not one of linear, arithmetic, geometric, exponential"),
                    },
                };
            }

            if (root[Name(prefix, "throttlePolicy")] is JsonObject throttle && throttle["maxReceivesPerSecond"] is not null)
            {
                policy = policy with { MaxReceivesPerSecond = Int(throttle, "maxReceivesPerSecond", 0) };
            }

            if (root[Name(prefix, "requestPolicy")] is JsonObject request && request["headerContentType"]?.GetValue<string>() is { } contentType)
            {
                policy = policy with { HeaderContentType = contentType };
            }
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException)
        {
            error = $"DeliveryPolicy: {exception.Message}";
            return basis;
        }

        error = policy.Validate();
        return error is null ? policy : basis;
    }

    /// <summary>The policy as GetSubscriptionAttributes' EffectiveDeliveryPolicy shows it.</summary>
    public string ToEffectiveJson() => new JsonObject
    {
        ["healthyRetryPolicy"] = new JsonObject
        {
            ["minDelayTarget"] = MinDelayTarget,
            ["maxDelayTarget"] = MaxDelayTarget,
            ["numRetries"] = NumRetries,
            ["numMaxDelayRetries"] = NumMaxDelayRetries,
            ["numNoDelayRetries"] = NumNoDelayRetries,
            ["numMinDelayRetries"] = NumMinDelayRetries,
            ["backoffFunction"] = BackoffFunction.ToString().ToLowerInvariant(),
        },
        ["sicklyRetryPolicy"] = null,
        ["throttlePolicy"] = MaxReceivesPerSecond is { } rate ? new JsonObject { ["maxReceivesPerSecond"] = rate } : null,
        ["guaranteed"] = false,
    }.ToJsonString();

    /// <summary>The "http" section of a topic's EffectiveDeliveryPolicy.</summary>
    public string ToTopicEffectiveJson() => new JsonObject
    {
        ["http"] = new JsonObject
        {
            ["defaultHealthyRetryPolicy"] = JsonNode.Parse(ToEffectiveJson())!["healthyRetryPolicy"]!.DeepClone(),
            ["disableSubscriptionOverrides"] = false,
            ["defaultRequestPolicy"] = new JsonObject { ["headerContentType"] = HeaderContentType },
        },
    }.ToJsonString();

    private string? Validate()
    {
        if (NumRetries is < 0 or > 100)
        {
            return "DeliveryPolicy: numRetries must be between 0 and 100";
        }

        if (MinDelayTarget < 1 || MaxDelayTarget < MinDelayTarget || MaxDelayTarget > MaxTotalRetrySeconds)
        {
            return "DeliveryPolicy: minDelayTarget must be at least 1 and at most maxDelayTarget, which must be at most 3600";
        }

        if (NumNoDelayRetries < 0 || NumMinDelayRetries < 0 || NumMaxDelayRetries < 0
            || NumNoDelayRetries + NumMinDelayRetries + NumMaxDelayRetries > NumRetries)
        {
            return "DeliveryPolicy: numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must not exceed numRetries";
        }

        if (MaxReceivesPerSecond is < 1)
        {
            return "DeliveryPolicy: maxReceivesPerSecond must be at least 1";
        }

        var total = 0.0;
        for (var retry = 1; retry <= NumRetries; retry++)
        {
            total += DelayBeforeRetry(retry)!.Value.TotalSeconds;
        }

        return total > MaxTotalRetrySeconds ? "DeliveryPolicy: the total retry time must not exceed 3600 seconds" : null;
    }

    private static string Name(string prefix, string name) => prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];

    private static int Int(JsonObject section, string name, int fallback)
    {
        var node = section[name];
        if (node is null)
        {
            return fallback;
        }

        return node.GetValueKind() == JsonValueKind.Number && node.GetValue<double>() is var number && number == Math.Floor(number)
            ? (int)number
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer"));
    }
}

namespace PostOffice.Broker.Topics;

/// <summary>
/// The subscription protocols served and their endpoint rules. Further kinds (stream, archive, mqtt; ARCH §2)
/// join here: a name, an endpoint check, whether it needs confirmation, and a delivery path in the publish fan-out.
/// </summary>
internal static class SubscriptionProtocols
{
    public const string Sqs = "sqs";
    public const string Http = "http";
    public const string Https = "https";

    public static bool IsSupported(string protocol) => protocol is Sqs or Http or Https;

    /// <summary>The reason an endpoint is invalid for the protocol, or null.</summary>
    public static string? CheckEndpoint(string protocol, string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return "Invalid parameter: Endpoint";
        }

        return protocol switch
        {
            Sqs => endpoint.StartsWith("arn:aws:sqs:", StringComparison.Ordinal) && endpoint.Split(':').Length == 6 ? null : "Invalid parameter: SQS endpoint ARN",
            Http => Uri.TryCreate(endpoint, UriKind.Absolute, out var http) && http.Scheme == Uri.UriSchemeHttp ? null : "Invalid parameter: Endpoint must match the specified protocol",
            Https => Uri.TryCreate(endpoint, UriKind.Absolute, out var https) && https.Scheme == Uri.UriSchemeHttps ? null : "Invalid parameter: Endpoint must match the specified protocol",
            _ => "Invalid parameter: Amazon SNS does not support this protocol",
        };
    }
}

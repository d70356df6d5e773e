using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PostOffice.Broker.Queues;

namespace PostOffice.Broker.Topics;

/// <summary>
/// The JSON documents SNS delivers (https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html and
/// http-subscription-confirmation-json.html), signed over the canonical string of
/// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html.
/// </summary>
internal static class NotificationEnvelope
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>
    /// The signature of a notification: it covers only fields every subscription's envelope shares (Message,
    /// MessageId, Subject, Timestamp, TopicArn, Type), so one publish signs once per message text, not per subscription.
    /// </summary>
    public static string SignNotification(NotificationSigner signer, int signatureVersion, string messageId, string topicArn, string? subject, string message, string timestamp)
    {
        // Canonical string: Message, MessageId, Subject (when present), Timestamp, TopicArn, Type; name\nvalue\n each.
        var canonical = new StringBuilder(message.Length + 256);
        Append(canonical, "Message", message);
        Append(canonical, "MessageId", messageId);
        if (subject is not null)
        {
            Append(canonical, "Subject", subject);
        }

        Append(canonical, "Timestamp", timestamp);
        Append(canonical, "TopicArn", topicArn);
        Append(canonical, "Type", "Notification");
        return signer.Sign(canonical.ToString(), signatureVersion);
    }

    public static string Notification(
        string signature,
        int signatureVersion,
        string messageId,
        string topicArn,
        string? subject,
        string message,
        string timestamp,
        string? sequenceNumber,
        string serviceEndpoint,
        string subscriptionArn,
        IReadOnlyDictionary<string, MessageAttributeValue> attributes)
    {
        var buffer = new ArrayBufferWriter<byte>(message.Length + 1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("Type", "Notification");
            json.WriteString("MessageId", messageId);
            if (sequenceNumber is not null)
            {
                json.WriteString("SequenceNumber", sequenceNumber);
            }

            json.WriteString("TopicArn", topicArn);
            if (subject is not null)
            {
                json.WriteString("Subject", subject);
            }

            json.WriteString("Message", message);
            json.WriteString("Timestamp", timestamp);
            json.WriteString("SignatureVersion", signatureVersion == 2 ? "2" : "1");
            json.WriteString("Signature", signature);
            json.WriteString("SigningCertURL", SigningCertUrl(serviceEndpoint));
            json.WriteString("UnsubscribeURL", $"{serviceEndpoint}/?Action=Unsubscribe&Version=2010-03-31&SubscriptionArn={Uri.EscapeDataString(subscriptionArn)}");
            if (attributes.Count > 0)
            {
                json.WriteStartObject("MessageAttributes");
                foreach (var (name, value) in attributes)
                {
                    json.WriteStartObject(name);
                    json.WriteString("Type", value.DataType);
                    json.WriteString("Value", value.BinaryValue is { } binary ? Convert.ToBase64String(binary) : value.StringValue);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string SubscriptionConfirmation(
        NotificationSigner signer, int signatureVersion, string messageId, string topicArn, string token, string timestamp, string serviceEndpoint)
    {
        var message = $"You have chosen to subscribe to the topic {topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.";
        var subscribeUrl = $"{serviceEndpoint}/?Action=ConfirmSubscription&Version=2010-03-31&TopicArn={Uri.EscapeDataString(topicArn)}&Token={token}";

        // Canonical string: Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
        var canonical = new StringBuilder();
        Append(canonical, "Message", message);
        Append(canonical, "MessageId", messageId);
        Append(canonical, "SubscribeURL", subscribeUrl);
        Append(canonical, "Timestamp", timestamp);
        Append(canonical, "Token", token);
        Append(canonical, "TopicArn", topicArn);
        Append(canonical, "Type", "SubscriptionConfirmation");

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("Type", "SubscriptionConfirmation");
            json.WriteString("MessageId", messageId);
            json.WriteString("Token", token);
            json.WriteString("TopicArn", topicArn);
            json.WriteString("Message", message);
            json.WriteString("SubscribeURL", subscribeUrl);
            json.WriteString("Timestamp", timestamp);
            json.WriteString("SignatureVersion", signatureVersion == 2 ? "2" : "1");
            json.WriteString("Signature", signer.Sign(canonical.ToString(), signatureVersion));
            json.WriteString("SigningCertURL", SigningCertUrl(serviceEndpoint));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Where the signing certificate is served (PostOffice.Aws maps this path).</summary>
    public static string SigningCertUrl(string serviceEndpoint) => serviceEndpoint + TopicEngine.SigningCertificatePath;


    /// <summary>ISO 8601 with milliseconds, as SNS writes Timestamp: 2012-04-26T20:45:04.751Z.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static void Append(StringBuilder canonical, string name, string value) => canonical.Append(name).Append('\n').Append(value).Append('\n');
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PostOffice.Load.Aws;

/// <summary>
/// One SQS queue subscribed to the run's topic, and its consumer loops: ReceiveMessage (up to 10, long polling),
/// then DeleteMessageBatch of what came back, over the JSON protocol. Each message is counted when its
/// ReceiveMessage answer arrives, before the delete.
/// </summary>
internal sealed class SubscribedQueue(string name)
{
    private const string Service = "sqs";
    private const string JsonVersion = "1.0";
    private static readonly TimeSpan ErrorPause = TimeSpan.FromMilliseconds(100);

    public string Name { get; } = name;

    public string Url { get; private set; } = string.Empty;

    public string Arn { get; private set; } = string.Empty;

    public string SubscriptionArn { get; set; } = string.Empty;

    public DeliveryCounter? Counter { get; set; }

    /// <summary>CreateQueue, then GetQueueAttributes for its ARN (the subscription's endpoint).</summary>
    public async Task CreateAsync(AwsClient client, CancellationToken cancellationToken)
    {
        var created = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.CreateQueue", JsonBody.Build(json => json.WriteString("QueueName", Name)), cancellationToken);
        Url = created.IsSuccess ? JsonBody.ReadString(created.Body, "QueueUrl") ?? string.Empty : string.Empty;
        if (Url.Length == 0)
        {
            throw new AwsUnavailableException($"SQS CreateQueue (JSON protocol) answered {created.Describe()}");
        }

        var attributes = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.GetQueueAttributes", JsonBody.Build(json =>
        {
            json.WriteString("QueueUrl", Url);
            json.WriteStartArray("AttributeNames");
            json.WriteStringValue("QueueArn");
            json.WriteEndArray();
        }), cancellationToken);
        Arn = attributes.IsSuccess ? ReadQueueArn(attributes.Body) ?? string.Empty : string.Empty;
        if (Arn.Length == 0)
        {
            throw new AwsUnavailableException($"SQS GetQueueAttributes(QueueArn) answered {attributes.Describe()}");
        }
    }

    public async Task DeleteAsync(AwsClient client, CancellationToken cancellationToken)
    {
        if (Url.Length > 0)
        {
            await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.DeleteQueue", JsonBody.Build(json => json.WriteString("QueueUrl", Url)), cancellationToken);
        }
    }

    /// <summary>One consumer loop, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task ConsumeAsync(AwsClient client, int waitTimeSeconds, CancellationToken cancellationToken)
    {
        var counter = Counter ?? throw new InvalidOperationException("StartReceiving sets the counter before the consumers run.");
        var receive = JsonBody.Build(json =>
        {
            json.WriteString("QueueUrl", Url);
            json.WriteNumber("MaxNumberOfMessages", 10);
            json.WriteNumber("WaitTimeSeconds", waitTimeSeconds);
            json.WriteNumber("VisibilityTimeout", 60);
        });
        var handles = new List<string>(10);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var response = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.ReceiveMessage", receive, cancellationToken);
                var received = Stopwatch.GetTimestamp();
                if (!response.IsSuccess)
                {
                    counter.Fail("ReceiveMessage: " + response.Describe());
                    await Task.Delay(ErrorPause, cancellationToken);
                    continue;
                }

                handles.Clear();
                ReadMessages(response.Body, received, counter, handles);
                if (handles.Count == 0)
                {
                    continue;
                }

                var deleted = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.DeleteMessageBatch", DeleteBody(handles), cancellationToken);
                if (!deleted.IsSuccess)
                {
                    counter.Fail("DeleteMessageBatch: " + deleted.Describe());
                }
                else if (CountFailed(deleted.Body) is > 0 and var failed)
                {
                    counter.Fail($"DeleteMessageBatch: {failed} entries failed");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or IOException)
            {
                counter.Fail(exception.Message);
                await Task.Delay(ErrorPause, CancellationToken.None);
            }
        }
    }

    /// <summary>Counts each message's body and collects its receipt handle, without decoding the bodies.</summary>
    private static void ReadMessages(byte[] response, long receivedTimestamp, DeliveryCounter counter, List<string> handles)
    {
        var reader = new Utf8JsonReader(response);
        while (reader.Read())
        {
            // Messages[].ReceiptHandle and Messages[].Body: depth 3 (object, Messages array, message object).
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 3)
            {
                continue;
            }

            if (reader.ValueTextEquals("ReceiptHandle"u8))
            {
                reader.Read();
                handles.Add(reader.GetString() ?? string.Empty);
            }
            else if (reader.ValueTextEquals("Body"u8))
            {
                reader.Read();

                // The raw (still escaped) bytes: the stamp holds no character JSON escapes.
                counter.Record(reader.ValueSpan, receivedTimestamp);
            }
        }
    }

    private byte[] DeleteBody(List<string> handles) => JsonBody.Build(json =>
    {
        json.WriteString("QueueUrl", Url);
        json.WriteStartArray("Entries");
        for (var i = 0; i < handles.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("Id", i.ToString(CultureInfo.InvariantCulture));
            json.WriteString("ReceiptHandle", handles[i]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private static int CountFailed(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("Failed", out var failed) && failed.ValueKind == JsonValueKind.Array ? failed.GetArrayLength() : 0;
    }

    private static string? ReadQueueArn(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("Attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
                && attributes.TryGetProperty("QueueArn", out var arn) && arn.ValueKind == JsonValueKind.String
                ? arn.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

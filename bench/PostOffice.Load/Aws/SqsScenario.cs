using System.Globalization;
using System.Text.Json;

namespace PostOffice.Load.Aws;

/// <summary>
/// SQS over the JSON protocol (X-Amz-Target: AmazonSQS.*, application/x-amz-json-1.0), as current AWS SDKs speak it:
/// SendMessage, SendMessageBatch, and ReceiveMessage followed by DeleteMessageBatch of what it returned.
/// </summary>
internal sealed class SqsScenario : IAwsScenario
{
    private const string Service = "sqs";
    private const string JsonVersion = "1.0";

    private readonly AwsLoadSettings _settings;
    private readonly string _queueName;
    private readonly string _payload;
    private string _queueUrl = string.Empty;
    private byte[] _sendBody = [];
    private byte[] _sendBatchBody = [];
    private byte[] _receiveBody = [];

    public SqsScenario(AwsLoadSettings settings, string runId)
    {
        _settings = settings;
        _queueName = $"postoffice-load-{runId}";
        _payload = JsonBody.Payload(settings.PayloadSize);
    }

    public async Task SetupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        var response = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.CreateQueue", JsonBody.Build(json => json.WriteString("QueueName", _queueName)), cancellationToken);
        _queueUrl = response.IsSuccess ? JsonBody.ReadString(response.Body, "QueueUrl") ?? string.Empty : string.Empty;
        if (_queueUrl.Length == 0)
        {
            throw new AwsUnavailableException($"SQS CreateQueue (JSON protocol) answered {response.Describe()}");
        }

        _sendBody = JsonBody.Build(json =>
        {
            json.WriteString("QueueUrl", _queueUrl);
            json.WriteString("MessageBody", _payload);
        });
        _sendBatchBody = BatchBody(_settings.Operation == AwsOperation.SqsSendBatch ? _settings.BatchSize : 10);
        _receiveBody = JsonBody.Build(json =>
        {
            json.WriteString("QueueUrl", _queueUrl);
            json.WriteNumber("MaxNumberOfMessages", Math.Min(10, _settings.BatchSize));
            json.WriteNumber("WaitTimeSeconds", 0);
            json.WriteNumber("VisibilityTimeout", 60);
        });
    }

    public async Task PrefillAsync(AwsClient client, int parallelism, CancellationToken cancellationToken)
    {
        if (_settings.Operation != AwsOperation.SqsReceiveDelete)
        {
            return;
        }

        var batches = (_settings.Prefill + 9) / 10;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, batches),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (_, token) =>
            {
                var response = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.SendMessageBatch", _sendBatchBody, token);
                if (!response.IsSuccess)
                {
                    throw new AwsUnavailableException($"SQS SendMessageBatch (prefill) answered {response.Describe()}");
                }
            });
    }

    public IAwsWorker CreateWorker(int index) => _settings.Operation switch
    {
        AwsOperation.SqsSend => new RequestWorker(this, "AmazonSQS.SendMessage", _sendBody, 1),
        AwsOperation.SqsSendBatch => new RequestWorker(this, "AmazonSQS.SendMessageBatch", _sendBatchBody, _settings.BatchSize),
        _ => new ReceiveDeleteWorker(this),
    };

    public async Task CleanupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        if (_queueUrl.Length > 0)
        {
            await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.DeleteQueue", JsonBody.Build(json => json.WriteString("QueueUrl", _queueUrl)), cancellationToken);
        }
    }

    private byte[] BatchBody(int entries) => JsonBody.Build(json =>
    {
        json.WriteString("QueueUrl", _queueUrl);
        json.WriteStartArray("Entries");
        for (var i = 0; i < entries; i++)
        {
            json.WriteStartObject();
            json.WriteString("Id", i.ToString(CultureInfo.InvariantCulture));
            json.WriteString("MessageBody", _payload);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>The same request over and over; a batch counts as its entries unless the answer lists failures.</summary>
    private sealed class RequestWorker(SqsScenario scenario, string target, byte[] body, int messages) : IAwsWorker
    {
        public async Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken)
        {
            var response = await client.PostJsonAsync(Service, JsonVersion, target, body, cancellationToken);
            if (!response.IsSuccess)
            {
                return AwsOutcome.Failed(response);
            }

            if (scenario._settings.Operation == AwsOperation.SqsSendBatch && CountFailed(response.Body) is > 0 and var failed)
            {
                return new AwsOutcome(messages - failed, $"SendMessageBatch: {failed} entries failed");
            }

            return new AwsOutcome(messages, null);
        }

        private static int CountFailed(byte[] body)
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("Failed", out var failed) && failed.ValueKind == JsonValueKind.Array ? failed.GetArrayLength() : 0;
        }
    }

    /// <summary>ReceiveMessage (up to 10), then DeleteMessageBatch of their receipt handles: one cycle.</summary>
    private sealed class ReceiveDeleteWorker(SqsScenario scenario) : IAwsWorker
    {
        public async Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken)
        {
            var response = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.ReceiveMessage", scenario._receiveBody, cancellationToken);
            if (!response.IsSuccess)
            {
                return AwsOutcome.Failed(response);
            }

            var handles = ReceiptHandles(response.Body);
            if (handles.Count == 0)
            {
                return new AwsOutcome(0, null, Exhausted: true);
            }

            var delete = JsonBody.Build(json =>
            {
                json.WriteString("QueueUrl", scenario._queueUrl);
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
            var deleted = await client.PostJsonAsync(Service, JsonVersion, "AmazonSQS.DeleteMessageBatch", delete, cancellationToken);
            return deleted.IsSuccess ? new AwsOutcome(handles.Count, null) : AwsOutcome.Failed(deleted);
        }

        private static List<string> ReceiptHandles(byte[] body)
        {
            using var document = JsonDocument.Parse(body);
            var handles = new List<string>();
            if (document.RootElement.TryGetProperty("Messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in messages.EnumerateArray())
                {
                    if (message.TryGetProperty("ReceiptHandle", out var handle) && handle.GetString() is { } text)
                    {
                        handles.Add(text);
                    }
                }
            }

            return handles;
        }
    }
}

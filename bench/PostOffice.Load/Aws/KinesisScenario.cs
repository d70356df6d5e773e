using System.Globalization;
using System.Text.Json;

namespace PostOffice.Load.Aws;

/// <summary>
/// Kinesis Data Streams over the JSON protocol (X-Amz-Target: Kinesis_20131202.*, application/x-amz-json-1.1):
/// PutRecord, PutRecords, and GetRecords that follows NextShardIterator and starts again at TRIM_HORIZON when it
/// reaches the end of the prefilled shard.
/// </summary>
internal sealed class KinesisScenario : IAwsScenario
{
    private const string Service = "kinesis";
    private const string JsonVersion = "1.1";
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromSeconds(30);

    private readonly AwsLoadSettings _settings;
    private readonly string _streamName;
    private readonly string _data;
    private List<string> _shardIds = [];
    private bool _created;

    public KinesisScenario(AwsLoadSettings settings, string runId)
    {
        _settings = settings;
        _streamName = $"postoffice-load-{runId}";
        _data = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(JsonBody.Payload(settings.PayloadSize)));
    }

    public async Task SetupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        var create = await client.PostJsonAsync(Service, JsonVersion, "Kinesis_20131202.CreateStream", JsonBody.Build(json =>
        {
            json.WriteString("StreamName", _streamName);
            json.WriteNumber("ShardCount", _settings.Shards);
        }), cancellationToken);
        if (!create.IsSuccess)
        {
            throw new AwsUnavailableException($"Kinesis CreateStream (JSON protocol) answered {create.Describe()}");
        }

        _created = true;
        var deadline = DateTime.UtcNow + ActiveTimeout;
        while (true)
        {
            var describe = await client.PostJsonAsync(Service, JsonVersion, "Kinesis_20131202.DescribeStream", JsonBody.Build(json => json.WriteString("StreamName", _streamName)), cancellationToken);
            if (!describe.IsSuccess)
            {
                throw new AwsUnavailableException($"Kinesis DescribeStream answered {describe.Describe()}");
            }

            using var document = JsonDocument.Parse(describe.Body);
            var description = document.RootElement.GetProperty("StreamDescription");
            if (description.GetProperty("StreamStatus").GetString() == "ACTIVE")
            {
                _shardIds = [.. description.GetProperty("Shards").EnumerateArray().Select(shard => shard.GetProperty("ShardId").GetString() ?? string.Empty)];
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new AwsUnavailableException($"Kinesis stream {_streamName} was not ACTIVE within {ActiveTimeout.TotalSeconds} s");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task PrefillAsync(AwsClient client, int parallelism, CancellationToken cancellationToken)
    {
        if (_settings.Operation != AwsOperation.KinesisGetRecords)
        {
            return;
        }

        var body = PutRecordsBody(500);
        var requests = (_settings.Prefill + 499) / 500;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (_, token) =>
            {
                var response = await client.PostJsonAsync(Service, JsonVersion, "Kinesis_20131202.PutRecords", body, token);
                if (!response.IsSuccess)
                {
                    throw new AwsUnavailableException($"Kinesis PutRecords (prefill) answered {response.Describe()}");
                }
            });
    }

    public IAwsWorker CreateWorker(int index) => _settings.Operation switch
    {
        AwsOperation.KinesisPutRecord => new PutWorker("Kinesis_20131202.PutRecord", JsonBody.Build(json =>
        {
            json.WriteString("StreamName", _streamName);
            json.WriteString("Data", _data);
            json.WriteString("PartitionKey", index.ToString(CultureInfo.InvariantCulture));
        }), 1),
        AwsOperation.KinesisPutRecords => new PutWorker("Kinesis_20131202.PutRecords", PutRecordsBody(_settings.BatchSize), _settings.BatchSize),
        _ => new GetRecordsWorker(this, _shardIds[index % _shardIds.Count]),
    };

    public async Task CleanupAsync(AwsClient client, CancellationToken cancellationToken)
    {
        if (_created)
        {
            await client.PostJsonAsync(Service, JsonVersion, "Kinesis_20131202.DeleteStream", JsonBody.Build(json => json.WriteString("StreamName", _streamName)), cancellationToken);
        }
    }

    private byte[] PutRecordsBody(int records) => JsonBody.Build(json =>
    {
        json.WriteString("StreamName", _streamName);
        json.WriteStartArray("Records");
        for (var i = 0; i < records; i++)
        {
            json.WriteStartObject();
            json.WriteString("Data", _data);
            json.WriteString("PartitionKey", i.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private sealed class PutWorker(string target, byte[] body, int records) : IAwsWorker
    {
        public async Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken)
        {
            var response = await client.PostJsonAsync(Service, JsonVersion, target, body, cancellationToken);
            if (!response.IsSuccess)
            {
                return AwsOutcome.Failed(response);
            }

            if (records > 1)
            {
                using var document = JsonDocument.Parse(response.Body);
                if (document.RootElement.TryGetProperty("FailedRecordCount", out var failed) && failed.GetInt32() is > 0 and var count)
                {
                    return new AwsOutcome(records - count, $"PutRecords: {count} records failed");
                }
            }

            return new AwsOutcome(records, null);
        }
    }

    private sealed class GetRecordsWorker(KinesisScenario scenario, string shardId) : IAwsWorker
    {
        private string? _iterator;

        public async Task<AwsOutcome> ExecuteAsync(AwsClient client, CancellationToken cancellationToken)
        {
            if (_iterator is null)
            {
                var iterator = await client.PostJsonAsync(Service, JsonVersion, "Kinesis_20131202.GetShardIterator", JsonBody.Build(json =>
                {
                    json.WriteString("StreamName", scenario._streamName);
                    json.WriteString("ShardId", shardId);
                    json.WriteString("ShardIteratorType", "TRIM_HORIZON");
                }), cancellationToken);
                _iterator = iterator.IsSuccess ? JsonBody.ReadString(iterator.Body, "ShardIterator") : null;
                if (_iterator is null)
                {
                    return AwsOutcome.Failed(iterator);
                }
            }

            var response = await client.PostJsonAsync(Service, JsonVersion, "Kinesis_20131202.GetRecords", JsonBody.Build(json =>
            {
                json.WriteString("ShardIterator", _iterator);
                json.WriteNumber("Limit", scenario._settings.BatchSize);
            }), cancellationToken);
            if (!response.IsSuccess)
            {
                _iterator = null;
                return AwsOutcome.Failed(response);
            }

            using var document = JsonDocument.Parse(response.Body);
            var records = document.RootElement.TryGetProperty("Records", out var list) ? list.GetArrayLength() : 0;
            _iterator = document.RootElement.TryGetProperty("NextShardIterator", out var next) ? next.GetString() : null;
            if (records == 0)
            {
                _iterator = null; // at the end of the shard: read it again from the start
            }

            return new AwsOutcome(records, null);
        }
    }
}

using System.Globalization;

namespace PostOffice.Load.Aws;

/// <summary>
/// An <c>sqs</c>, <c>sns</c> or <c>kinesis</c> run: N clients in closed loops, each waiting for its answer, at the
/// maximum rate or paced to <see cref="Rate"/>.
/// </summary>
public sealed record AwsLoadSettings
{
    public required Uri Endpoint { get; init; }

    public required AwsOperation Operation { get; init; }

    public int Clients { get; init; } = 4;

    /// <summary>Requests per second over all clients; 0 for the maximum rate (each client sends when answered).</summary>
    public double Rate { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public int PayloadSize { get; init; } = 256;

    /// <summary>Entries per SendMessageBatch (1-10) or PutRecords (1-500), records per GetRecords.</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Messages or records written before a receive-delete or get-records run.</summary>
    public int Prefill { get; init; } = 10_000;

    /// <summary>A cap on requests over all clients, warm-up included.</summary>
    public long MaxRequests { get; init; } = 10_000_000;

    public int Shards { get; init; } = 1;

    /// <summary>SNS publish: SQS queues created and subscribed to the topic, each drained by <see cref="ConsumersPerQueue"/> loops.</summary>
    public int Subscriptions { get; init; }

    /// <summary>SNS: the subscriptions' RawMessageDelivery attribute (false: the JSON notification envelope).</summary>
    public bool RawMessageDelivery { get; init; }

    /// <summary>ReceiveMessage + DeleteMessageBatch loops per subscribed queue.</summary>
    public int ConsumersPerQueue { get; init; } = 2;

    /// <summary>WaitTimeSeconds of the consumers' ReceiveMessage (long polling, 0-20).</summary>
    public int WaitTimeSeconds { get; init; } = 20;

    /// <summary>After the last publish, how long deliveries may stop arriving before the run gives up on the rest.</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromSeconds(5);

    public string Region { get; init; } = "us-east-1";

    public AwsCredentials Credentials { get; init; } = AwsCredentials.Test;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public string Mode => ModeOf(Operation);

    public static string ModeOf(AwsOperation operation) => operation switch
    {
        AwsOperation.SqsSend => "sqs-send",
        AwsOperation.SqsSendBatch => "sqs-send-batch",
        AwsOperation.SqsReceiveDelete => "sqs-receive-delete",
        AwsOperation.SnsPublish => "sns-publish",
        AwsOperation.SnsHttpPush => "sns-http-push",
        AwsOperation.KinesisPutRecord => "kinesis-put-record",
        AwsOperation.KinesisPutRecords => "kinesis-put-records",
        _ => "kinesis-get-records",
    };

    /// <summary>Whether the run counts deliveries: SNS with SQS subscriptions, or pushing to an HTTP endpoint.</summary>
    public bool TracksDeliveries => Operation == AwsOperation.SnsHttpPush || (Operation == AwsOperation.SnsPublish && Subscriptions > 0);

    public IReadOnlyList<KeyValuePair<string, string>> Describe()
    {
        var parameters = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("clients", Clients.ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("payload_bytes", PayloadSize.ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("duration_s", Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("warmup_s", Warmup.TotalSeconds.ToString(CultureInfo.InvariantCulture)),
            KeyValuePair.Create("rate", Rate == 0 ? "max" : Rate.ToString(CultureInfo.InvariantCulture)),
        };
        if (Operation is AwsOperation.SqsSendBatch or AwsOperation.SqsReceiveDelete or AwsOperation.KinesisPutRecords or AwsOperation.KinesisGetRecords)
        {
            parameters.Add(KeyValuePair.Create("batch_size", BatchSize.ToString(CultureInfo.InvariantCulture)));
        }

        if (Operation is AwsOperation.SqsReceiveDelete or AwsOperation.KinesisGetRecords)
        {
            parameters.Add(KeyValuePair.Create("prefill", Prefill.ToString(CultureInfo.InvariantCulture)));
        }

        if (Operation is AwsOperation.KinesisPutRecord or AwsOperation.KinesisPutRecords or AwsOperation.KinesisGetRecords)
        {
            parameters.Add(KeyValuePair.Create("shards", Shards.ToString(CultureInfo.InvariantCulture)));
        }

        if (Operation is AwsOperation.SnsPublish or AwsOperation.SnsHttpPush)
        {
            parameters.Add(KeyValuePair.Create("subscriptions", Operation == AwsOperation.SnsHttpPush ? "1 http" : Subscriptions.ToString(CultureInfo.InvariantCulture) + " sqs"));
            if (TracksDeliveries)
            {
                parameters.Add(KeyValuePair.Create("raw_message_delivery", RawMessageDelivery ? "true" : "false"));
                parameters.Add(KeyValuePair.Create("drain_s", Drain.TotalSeconds.ToString(CultureInfo.InvariantCulture)));
            }

            if (Operation == AwsOperation.SnsPublish && Subscriptions > 0)
            {
                parameters.Add(KeyValuePair.Create("consumers_per_queue", ConsumersPerQueue.ToString(CultureInfo.InvariantCulture)));
                parameters.Add(KeyValuePair.Create("wait_time_s", WaitTimeSeconds.ToString(CultureInfo.InvariantCulture)));
            }
        }

        return parameters;
    }
}

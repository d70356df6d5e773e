using System.CommandLine;
using PostOffice.Load.Aws;

namespace PostOffice.Load.CommandLine;

public sealed partial class LoadCommandLine
{
    private Command CreateAwsCommand(string name, string description, string[] operations, string defaultOperation)
    {
        var command = new Command(name, description);
        var endpoint = NewOption("--endpoint", "Endpoint URL: PostOffice's HTTP port, moto, ... (loopback only)", "http://127.0.0.1:4566");
        var operation = NewOption("--operation", string.Join(", ", operations), defaultOperation);
        operation.AcceptOnlyFromAmong(operations);
        var clients = NewOption("--clients", "Concurrent clients, each with its own keep-alive connection", 4);
        var duration = NewOption("--duration", "Measured seconds, after the warm-up", 10.0);
        var warmup = NewOption("--warmup", "Seconds of load before measuring", 2.0);
        var payload = NewOption("--payload-size", "Message body or record data bytes", 256);
        var batch = NewOption("--batch-size", "Entries per SendMessageBatch (1-10) or PutRecords (1-500); records per GetRecords; messages per ReceiveMessage (1-10)", 10);
        var prefill = NewOption("--prefill", "Messages or records written before receive-delete or get-records", 10_000);
        var maxRequests = NewOption("--max-requests", "Cap on requests over all clients, warm-up included", 10_000_000L);
        var shards = NewOption("--shards", "Kinesis shards", 1);
        var rate = NewOption("--rate", "Requests per second over all clients; 0 for the maximum rate", 0.0);
        var subscriptions = NewOption("--subscriptions", "SQS queues to create and subscribe to the topic (publish); their deliveries are counted", 0);
        var raw = NewOption("--raw", "Subscribe with RawMessageDelivery true (default: false, the JSON envelope)", false);
        var consumers = NewOption("--consumers", "ReceiveMessage(10) + DeleteMessageBatch loops per subscribed queue", 2);
        var waitTime = NewOption("--wait-time", "WaitTimeSeconds of the consumers' ReceiveMessage (long polling)", 20);
        var drain = NewOption("--drain", "Seconds deliveries may stop arriving, after the last publish, before the rest count as undelivered", 5.0);
        var region = NewOption("--region", "Region in the signature's scope", "us-east-1");
        var accessKey = NewOption("--access-key", "Access key id for SigV4 (a fixed test key by default)", AwsCredentials.Test.AccessKeyId);
        var secretKey = NewOption("--secret-key", "Secret key for SigV4 (a fixed test key by default)", AwsCredentials.Test.SecretAccessKey);
        foreach (var option in new Option[] { endpoint, operation, clients, rate, duration, warmup, payload, batch, prefill, maxRequests, region, accessKey, secretKey })
        {
            command.Options.Add(option);
        }

        if (name == "kinesis")
        {
            command.Options.Add(shards);
        }

        if (name == "sns")
        {
            foreach (var option in new Option[] { subscriptions, raw, consumers, waitTime, drain })
            {
                command.Options.Add(option);
            }
        }

        AddCommon(command);
        _readers[command] = (parseResult, validation, output) =>
        {
            var op = (name, parseResult.GetValue(operation)) switch
            {
                ("sqs", "send-batch") => AwsOperation.SqsSendBatch,
                ("sqs", "receive-delete") => AwsOperation.SqsReceiveDelete,
                ("sqs", _) => AwsOperation.SqsSend,
                ("sns", "http-push") => AwsOperation.SnsHttpPush,
                ("sns", _) => AwsOperation.SnsPublish,
                (_, "put-records") => AwsOperation.KinesisPutRecords,
                (_, "get-records") => AwsOperation.KinesisGetRecords,
                _ => AwsOperation.KinesisPutRecord,
            };
            if (!LoopbackAddresses.TryParseUrl(parseResult.GetValue(endpoint) ?? string.Empty, out var url, out var error))
            {
                validation.Add($"--endpoint {error}");
                url = new Uri("http://127.0.0.1:4566");
            }

            var settings = new AwsLoadSettings
            {
                Endpoint = url,
                Operation = op,
                Clients = parseResult.GetValue(clients),
                Rate = parseResult.GetValue(rate),
                Duration = TimeSpan.FromSeconds(parseResult.GetValue(duration)),
                Warmup = TimeSpan.FromSeconds(parseResult.GetValue(warmup)),
                PayloadSize = parseResult.GetValue(payload),
                BatchSize = parseResult.GetValue(batch),
                Prefill = parseResult.GetValue(prefill),
                MaxRequests = parseResult.GetValue(maxRequests),
                Shards = name == "kinesis" ? parseResult.GetValue(shards) : 1,
                Subscriptions = name == "sns" ? parseResult.GetValue(subscriptions) : 0,
                RawMessageDelivery = name == "sns" && parseResult.GetValue(raw),
                ConsumersPerQueue = name == "sns" ? parseResult.GetValue(consumers) : 2,
                WaitTimeSeconds = name == "sns" ? parseResult.GetValue(waitTime) : 20,
                Drain = TimeSpan.FromSeconds(name == "sns" ? parseResult.GetValue(drain) : 5),
                Region = parseResult.GetValue(region) ?? "us-east-1",
                Credentials = new AwsCredentials(parseResult.GetValue(accessKey) ?? string.Empty, parseResult.GetValue(secretKey) ?? string.Empty),
            };
            validation.Range("--clients", settings.Clients, 1, 1024);
            validation.Seconds("--duration", settings.Duration.TotalSeconds, 0.1, 3600);
            validation.Seconds("--warmup", settings.Warmup.TotalSeconds, 0, 600);
            validation.Range("--payload-size", settings.PayloadSize, 1, op is AwsOperation.SqsSend or AwsOperation.SqsSendBatch or AwsOperation.SqsReceiveDelete or AwsOperation.SnsPublish or AwsOperation.SnsHttpPush ? 262_144 : 1_048_576, "bytes");
            validation.Range("--max-requests", settings.MaxRequests, 1, 1_000_000_000);
            validation.Range("--shards", settings.Shards, 1, 64);
            if (double.IsNaN(settings.Rate) || settings.Rate < 0 || settings.Rate > 10_000_000)
            {
                validation.Add(Invariant($"--rate {settings.Rate}: must be 0 (maximum rate) or a positive number of requests per second up to 10,000,000"));
            }

            if (name == "sns")
            {
                validation.Range("--subscriptions", settings.Subscriptions, 0, 100);
                if (op == AwsOperation.SnsHttpPush && settings.Subscriptions != 0)
                {
                    validation.Add("--subscriptions applies to --operation publish; http-push subscribes one HTTP endpoint");
                }

                validation.Range("--consumers", settings.ConsumersPerQueue, 1, 64, "(per subscribed queue)");
                validation.Range("--wait-time", settings.WaitTimeSeconds, 0, 20, "seconds (SQS long polling waits at most 20)");
                validation.Seconds("--drain", settings.Drain.TotalSeconds, 0, 300);
                if (settings.TracksDeliveries && settings.PayloadSize < LoadStamp.Length)
                {
                    validation.Add(Invariant($"--payload-size {settings.PayloadSize}: must be at least {LoadStamp.Length} bytes when deliveries are counted (the send time and sequence number head each message)"));
                }
            }

            switch (op)
            {
                case AwsOperation.SqsSendBatch or AwsOperation.SqsReceiveDelete:
                    validation.Range("--batch-size", settings.BatchSize, 1, 10, "(SQS batches hold at most 10 entries)");
                    break;
                case AwsOperation.KinesisPutRecords:
                    validation.Range("--batch-size", settings.BatchSize, 1, 500, "(PutRecords holds at most 500 records)");
                    break;
                case AwsOperation.KinesisGetRecords:
                    validation.Range("--batch-size", settings.BatchSize, 1, 10_000, "(GetRecords returns at most 10,000 records)");
                    break;
            }

            if (op is AwsOperation.SqsReceiveDelete or AwsOperation.KinesisGetRecords)
            {
                validation.Range("--prefill", settings.Prefill, 1, 10_000_000);
            }

            if (settings.Credentials.AccessKeyId.Length == 0 || settings.Credentials.SecretAccessKey.Length == 0)
            {
                validation.Add("--access-key and --secret-key must not be empty");
            }

            return new AwsLoadRequest(output, settings);
        };
        return command;
    }
}

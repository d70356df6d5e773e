using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PostOffice.Broker.Delivery;
using PostOffice.Broker.Queues;
using PostOffice.Storage;

namespace PostOffice.Broker.Topics;

public sealed partial class TopicEngine
{
    /// <summary>AWS: a message with its attributes may be up to 256 KiB (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).</summary>
    public const int MaxMessageBytes = 256 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public async ValueTask<PublishResult> PublishAsync(string topicArn, PublishRequest request, CancellationToken cancellationToken)
    {
        var topic = FindTopic(topicArn);
        var outcome = (await PublishManyAsync(topic, [request]).ConfigureAwait(false))[0];
        return outcome.Result ?? throw new TopicException(outcome.Error!.Code, outcome.Error.Message);
    }

    public async ValueTask<IReadOnlyList<PublishOutcome>> PublishBatchAsync(string topicArn, IReadOnlyList<PublishRequest> entries, CancellationToken cancellationToken)
    {
        var topic = FindTopic(topicArn);
        return await PublishManyAsync(topic, entries).ConfigureAwait(false);
    }

    /// <summary>
    /// Validates each message, matches it against every confirmed subscription, and stores every resulting delivery of
    /// every message in one chunk: enqueues into subscribed queues and pending HTTP deliveries. Completes once durable.
    /// </summary>
    private async ValueTask<IReadOnlyList<PublishOutcome>> PublishManyAsync(Topic topic, IReadOnlyList<PublishRequest> requests)
    {
        var outcomes = new PublishOutcome[requests.Count];
        var now = _time.GetUtcNow();
        var timestamp = NotificationEnvelope.Timestamp(now);
        var enqueues = new List<FanoutEnqueue>();
        var enqueueOwners = new List<(string MessageId, Subscription Subscription)>();
        var deliveries = new List<HttpDelivery>();
        var records = new List<LogRecord>();
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            // FIFO topics order publishes under the topic's gate: sequence numbers, deduplication and the appends into
            // subscribed FIFO queues follow one order. Standard topics need no order and take no gate.
            var gate = topic.IsFifo ? topic.Gate : null;
            if (gate is not null)
            {
                Monitor.Enter(gate);
            }

            try
            {
                if (topic.Deleted)
                {
                    throw TopicException.TopicNotFound();
                }

                var batchDeduplication = new Dictionary<string, PublishResult>(StringComparer.Ordinal);
                for (var i = 0; i < requests.Count; i++)
                {
                    var request = requests[i];
                    if (Validate(topic, request) is { } error)
                    {
                        outcomes[i] = new PublishOutcome(null, error);
                        continue;
                    }

                    string? sequenceNumber = null;
                    string? deduplicationId = null;
                    string? deduplicationKey = null;
                    var messageId = RandomIds.NewGuid().ToString();
                    if (topic.IsFifo)
                    {
                        deduplicationId = request.MessageDeduplicationId ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(request.Message)));
                        deduplicationKey = topic.DeduplicationKey(deduplicationId, request.MessageGroupId);
                        var nowMilliseconds = now.ToUnixTimeMilliseconds();
                        if (topic.Deduplication.TryGet(deduplicationKey, nowMilliseconds, out var original))
                        {
                            outcomes[i] = new PublishOutcome(new PublishResult(original.MessageId.ToString(), SequenceNumber(original.Seq)), null);
                            continue;
                        }

                        if (batchDeduplication.TryGetValue(deduplicationKey, out var earlier))
                        {
                            outcomes[i] = new PublishOutcome(earlier, null);
                            continue;
                        }

                        // Sequence numbers increase across restarts: they never fall below the clock in microseconds.
                        topic.LastSequence = Math.Max(topic.LastSequence + 1, nowMilliseconds * 1000);
                        sequenceNumber = SequenceNumber(topic.LastSequence);
                    }

                    var result = new PublishResult(messageId, sequenceNumber);
                    outcomes[i] = new PublishOutcome(result, null);
                    if (deduplicationKey is not null)
                    {
                        batchDeduplication[deduplicationKey] = result;
                    }

                    Route(topic, request, messageId, timestamp, sequenceNumber, deduplicationId, enqueues, enqueueOwners, deliveries);
                }

                foreach (var delivery in deliveries)
                {
                    records.Add(new LogRecord(TopicRecordKind.DeliveryPending, delivery.SubscriptionId, JsonSerializer.SerializeToUtf8Bytes(delivery)));
                }

                // The deduplication window is durable with the publish: its entries travel in the same chunk.
                var expires = now.ToUnixTimeMilliseconds() + (long)_options.DeduplicationWindow.TotalMilliseconds;
                var deduplicated = new List<(string DeduplicationKey, DeduplicationEntry Entry)>(batchDeduplication.Count);
                foreach (var (deduplicationKey, result) in batchDeduplication)
                {
                    var entry = new DeduplicationEntry(Guid.Parse(result.MessageId), long.Parse(result.SequenceNumber!, CultureInfo.InvariantCulture), expires);
                    deduplicated.Add((deduplicationKey, entry));
                    records.Add(new LogRecord(TopicRecordKind.Deduplicated, topic.Id, TopicRecords.EncodeDeduplication(deduplicationKey, entry)));
                }

                var fanout = _queues.FanOut(enqueues, records);
                commit = fanout.Commit;
                foreach (var delivery in deliveries)
                {
                    _pending[delivery.Id] = delivery;
                }

                foreach (var (deduplicationKey, entry) in deduplicated)
                {
                    topic.Deduplication.Add(deduplicationKey, entry);
                }

                for (var i = 0; i < fanout.Errors.Count; i++)
                {
                    if (fanout.Errors[i] is { } error)
                    {
                        // AWS retries a queue it cannot reach and eventually drops the message; a missing queue never comes back here.
                        var (messageId, subscription) = enqueueOwners[i];
                        TopicLog.NotDelivered(_logger, messageId, topic.Arn, subscription.Arn, error.Message);
                    }
                }
            }
            finally
            {
                if (gate is not null)
                {
                    Monitor.Exit(gate);
                }
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        // Pushes start before the chunk is durable, as queue enqueues become visible before it is: the disk's flush
        // is not on the way to the endpoint. The pending record precedes the delivered one in the log, and a crash
        // before the commit loses the publish, unacknowledged, together with the fact that it was pushed: at least once.
        foreach (var delivery in deliveries)
        {
            _scheduler.Start(delivery);
        }

        await commit.ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>Adds a delivery for every confirmed subscription whose filter policy matches.</summary>
    private void Route(
        Topic topic,
        PublishRequest request,
        string messageId,
        string timestamp,
        string? sequenceNumber,
        string? deduplicationId,
        List<FanoutEnqueue> enqueues,
        List<(string MessageId, Subscription Subscription)> enqueueOwners,
        List<HttpDelivery> deliveries)
    {
        JsonElement? structure = null;
        JsonDocument? structureDocument = null;
        if (request.MessageStructure == "json")
        {
            structureDocument = JsonDocument.Parse(request.Message);
            structure = structureDocument.RootElement;
        }

        using var structureLifetime = structureDocument;
        Dictionary<string, string>? signatures = null;
        foreach (var subscription in topic.Subscriptions)
        {
            if (!subscription.Confirmed || !Matches(subscription, request))
            {
                continue;
            }

            var message = request.Message;
            if (structure is { } perProtocol)
            {
                message = perProtocol.TryGetProperty(subscription.Protocol, out var specific) && specific.ValueKind == JsonValueKind.String
                    ? specific.GetString()!
                    : perProtocol.GetProperty("default").GetString()!;
            }

            var raw = subscription.RawMessageDelivery;
            string? signature = null;
            if (!raw && !(signatures ??= new(StringComparer.Ordinal)).TryGetValue(message, out signature))
            {
                signature = NotificationEnvelope.SignNotification(_signer, topic.SignatureVersion, messageId, topic.Arn, request.Subject, message, timestamp);
                signatures[message] = signature;
            }

            var body = raw
                ? message
                : NotificationEnvelope.Notification(
                    signature!, topic.SignatureVersion, messageId, topic.Arn, request.Subject, message, timestamp, sequenceNumber,
                    request.ServiceEndpoint, subscription.Arn, request.MessageAttributes);
            if (subscription.Protocol == SubscriptionProtocols.Sqs)
            {
                var fifoQueue = _queues.FindQueueByArn(subscription.Endpoint)?.IsFifo ?? false;
                enqueues.Add(new FanoutEnqueue(subscription.Endpoint, new SendMessageRequest
                {
                    Body = body,

                    // Raw delivery carries the message attributes as SQS message attributes; an envelope carries them inside.
                    MessageAttributes = raw ? request.MessageAttributes : SendMessageRequest.EmptyAttributes,
                    MessageGroupId = fifoQueue ? request.MessageGroupId : null,
                    MessageDeduplicationId = fifoQueue ? deduplicationId ?? messageId : null,
                    SenderId = Owner,
                }));
                enqueueOwners.Add((messageId, subscription));
            }
            else if (subscription.IsHttp)
            {
                deliveries.Add(new HttpDelivery(
                    RandomIds.NewGuid(), subscription.Id, subscription.Arn, topic.Arn, subscription.Endpoint, "Notification", messageId, body, raw,
                    raw && request.MessageAttributes.Count > 0 ? request.MessageAttributes : null));
            }
        }
    }

    private static bool Matches(Subscription subscription, PublishRequest request) => subscription.Filter switch
    {
        null => true,
        { Scope: FilterPolicyScope.MessageBody } filter => filter.Matches(request.Message),
        var filter => filter.Matches(request.MessageAttributes),
    };

    /// <summary>Publish's input rules (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html).</summary>
    private static TopicError? Validate(Topic topic, PublishRequest request)
    {
        if (string.IsNullOrEmpty(request.Message))
        {
            return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: Empty message");
        }

        var size = StrictUtf8.GetByteCount(request.Message);
        foreach (var (name, value) in request.MessageAttributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType)
                + (value.BinaryValue?.Length ?? Encoding.UTF8.GetByteCount(value.StringValue ?? string.Empty));
            if (ValidateAttribute(name, value) is { } attributeError)
            {
                return attributeError;
            }
        }

        if (size > MaxMessageBytes)
        {
            return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: Message too long");
        }

        if (request.Subject is { } subject && (subject.Length is 0 or > 100 || subject.Any(c => c < 0x20 || c > 0x7E)))
        {
            return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: Subject");
        }

        if (request.MessageStructure is { } structure)
        {
            if (structure != "json")
            {
                return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: MessageStructure");
            }

            try
            {
                using var document = JsonDocument.Parse(request.Message);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: Message Structure - JSON message body failed to parse");
                }

                if (!document.RootElement.TryGetProperty("default", out var fallback) || fallback.ValueKind != JsonValueKind.String)
                {
                    return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: Message Structure - No default entry in JSON message body");
                }
            }
            catch (JsonException)
            {
                return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: Message Structure - JSON message body failed to parse");
            }
        }

        if (topic.IsFifo)
        {
            if (string.IsNullOrEmpty(request.MessageGroupId))
            {
                return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
            }

            if (request.MessageDeduplicationId is null && !topic.ContentBasedDeduplication)
            {
                return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
            }

            if (request.MessageGroupId.Length > 128 || (request.MessageDeduplicationId?.Length ?? 1) is 0 or > 128)
            {
                return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: MessageGroupId and MessageDeduplicationId must be 1 to 128 characters long");
            }
        }
        else if (request.MessageDeduplicationId is not null)
        {
            return new TopicError(TopicErrorCode.InvalidParameter, "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }

        return null;
    }

    /// <summary>Message attribute rules (https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html).</summary>
    private static TopicError? ValidateAttribute(string name, MessageAttributeValue value)
    {
        if (name.Length is 0 or > 256 || name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith('.') || name.EndsWith('.') || name.Contains("..", StringComparison.Ordinal))
        {
            return new TopicError(TopicErrorCode.InvalidParameterValue, $"The message attribute name '{name}' is invalid.");
        }

        var type = value.DataType;
        var baseType = type.Split('.')[0];
        if (type is not ("String" or "String.Array" or "Number" or "Binary") && !(baseType is "String" or "Number" or "Binary" && type.Length > baseType.Length + 1))
        {
            return new TopicError(TopicErrorCode.InvalidParameterValue, $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }

        if (baseType == "Binary" ? value.BinaryValue is not { Length: > 0 } : string.IsNullOrEmpty(value.StringValue))
        {
            return new TopicError(TopicErrorCode.InvalidParameterValue, $"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{baseType}'.");
        }

        if (baseType == "Number" && !double.TryParse(value.StringValue, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return new TopicError(TopicErrorCode.InvalidParameterValue, $"Could not cast message attribute '{name}' value to number.");
        }

        if (type == "String.Array")
        {
            try
            {
                using var array = JsonDocument.Parse(value.StringValue!);
                if (array.RootElement.ValueKind != JsonValueKind.Array)
                {
                    throw new JsonException();
                }
            }
            catch (JsonException)
            {
                return new TopicError(TopicErrorCode.InvalidParameterValue, $"The message attribute '{name}' with type 'String.Array' has an invalid value.");
            }
        }

        return null;
    }

    private static string SequenceNumber(long seq) => seq.ToString("D20", CultureInfo.InvariantCulture);
}

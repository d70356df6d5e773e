using System.Security.Cryptography;
using System.Text.Json;
using PostOffice.Broker.Delivery;
using PostOffice.Storage;

namespace PostOffice.Broker.Topics;

public sealed partial class TopicEngine
{
    // https://docs.aws.amazon.com/sns/latest/api/API_SetSubscriptionAttributes.html
    private static readonly HashSet<string> SettableSubscriptionAttributes = new(StringComparer.Ordinal)
    {
        "DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy",
    };

    public async Task<string> SubscribeAsync(SubscribeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var topic = FindTopic(request.TopicArn);
        var protocol = request.Protocol.ToLowerInvariant();
        if (!SubscriptionProtocols.IsSupported(protocol))
        {
            throw new TopicException(TopicErrorCode.InvalidParameter, "Invalid parameter: Amazon SNS does not support this protocol");
        }

        if (SubscriptionProtocols.CheckEndpoint(protocol, request.Endpoint) is { } endpointError)
        {
            throw new TopicException(TopicErrorCode.InvalidParameter, endpointError);
        }

        var endpoint = request.Endpoint!;
        if (topic.IsFifo && protocol != SubscriptionProtocols.Sqs)
        {
            throw TopicException.InvalidParameter("Protocol", "FIFO topics only support Amazon SQS endpoints");
        }

        if (!topic.IsFifo && protocol == SubscriptionProtocols.Sqs && _queues.FindQueueByArn(endpoint) is { IsFifo: true })
        {
            throw TopicException.InvalidParameter("Endpoint", "FIFO SQS Queues can not be subscribed to standard SNS topics");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Attributes)
        {
            if (!SettableSubscriptionAttributes.Contains(name))
            {
                throw TopicException.InvalidParameter("Attributes", $"Unknown attribute {name}");
            }

            attributes[name] = value;
        }

        var draft = new Subscription(0, string.Empty, topic.Arn, protocol, endpoint);
        ApplyAttributes(draft, attributes, validate: true);

        string result;
        HttpDelivery? confirmation = null;
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (topic.Subscriptions.FirstOrDefault(s => s.Protocol == protocol && s.Endpoint == endpoint) is { } existing)
            {
                var differs = attributes.Any(a => existing.Attributes.GetValueOrDefault(a.Key) != a.Value);
                if (differs)
                {
                    throw TopicException.InvalidParameter("Attributes", "Subscription already exists with different attributes");
                }

                return existing.Confirmed || request.ReturnSubscriptionArn ? existing.Arn : "pending confirmation";
            }

            var arn = $"{topic.Arn}:{Guid.NewGuid()}";
            var http = protocol is SubscriptionProtocols.Http or SubscriptionProtocols.Https;
            var subscription = new Subscription(0, arn, topic.Arn, protocol, endpoint)
            {
                Attributes = attributes,
                Confirmed = !http,
                Token = http ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64)) : null,
            };
            var (entry, _) = await Catalog.GetOrAddAsync(SubscriptionCatalogKind, arn, TopicDefinitions.WriteSubscription(subscription), cancellationToken).ConfigureAwait(false);
            subscription = new Subscription(entry.Id, arn, topic.Arn, protocol, endpoint)
            {
                Attributes = attributes,
                Confirmed = subscription.Confirmed,
                Token = subscription.Token,
            };
            ApplyAttributes(subscription, attributes);
            _subscriptionsByArn[arn] = subscription;
            _subscriptionsById[subscription.Id] = subscription;
            topic.Subscriptions = [.. topic.Subscriptions, subscription];
            result = subscription.Confirmed || request.ReturnSubscriptionArn ? arn : "pending confirmation";

            if (http)
            {
                var messageId = Guid.NewGuid().ToString();
                var body = NotificationEnvelope.SubscriptionConfirmation(
                    _signer, topic.SignatureVersion, messageId, topic.Arn, subscription.Token!, NotificationEnvelope.Timestamp(_time.GetUtcNow()), request.ServiceEndpoint);
                confirmation = new HttpDelivery(Guid.NewGuid(), subscription.Id, arn, topic.Arn, endpoint, "SubscriptionConfirmation", messageId, body, false, null);
            }
        }
        finally
        {
            _definitionGate.Release();
        }

        if (confirmation is not null)
        {
            await RecordAndStartAsync(confirmation).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<string> ConfirmSubscriptionAsync(string topicArn, string token, bool authenticateOnUnsubscribe, CancellationToken cancellationToken)
    {
        var topic = FindTopic(topicArn);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var subscription = topic.Subscriptions.FirstOrDefault(s => s.Token is not null && CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(s.Token), System.Text.Encoding.ASCII.GetBytes(token)))
                ?? throw TopicException.InvalidParameter("Token");
            if (!subscription.Confirmed || (authenticateOnUnsubscribe && !subscription.ConfirmationWasAuthenticated))
            {
                subscription.Confirmed = true;
                subscription.ConfirmationWasAuthenticated |= authenticateOnUnsubscribe;
                await Catalog.UpdateAsync(SubscriptionCatalogKind, subscription.Arn, TopicDefinitions.WriteSubscription(subscription), cancellationToken).ConfigureAwait(false);
            }

            return subscription.Arn;
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    public async Task UnsubscribeAsync(string subscriptionArn, CancellationToken cancellationToken)
    {
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var subscription = FindSubscription(subscriptionArn);
            await Catalog.DeleteAsync(SubscriptionCatalogKind, subscription.Arn, cancellationToken).ConfigureAwait(false);
            _subscriptionsByArn.TryRemove(subscription.Arn, out _);
            _subscriptionsById.TryRemove(subscription.Id, out _);
            if (TopicNameFromArn(subscription.TopicArn) is { } name && _topicsByName.TryGetValue(name, out var topic))
            {
                topic.Subscriptions = [.. topic.Subscriptions.Where(s => s != subscription)];
                topic.SubscriptionsDeleted++;
            }
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    public Task<SubscriptionPage> ListSubscriptionsAsync(string? topicArn, string? nextToken, CancellationToken cancellationToken)
    {
        IEnumerable<Subscription> all = topicArn is null ? _subscriptionsByArn.Values : FindTopic(topicArn).Subscriptions;
        var page = all.Where(s => nextToken is null || string.CompareOrdinal(s.Arn, nextToken) > 0).OrderBy(s => s.Arn, StringComparer.Ordinal).Take(PageSize + 1).ToList();
        var more = page.Count > PageSize;
        if (more)
        {
            page.RemoveAt(PageSize);
        }

        return Task.FromResult(new SubscriptionPage([.. page.Select(s => s.Summary(Owner))], more ? page[^1].Arn : null));
    }

    public Task<IReadOnlyDictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken)
    {
        var subscription = FindSubscription(subscriptionArn);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Owner"] = Owner,
            ["RawMessageDelivery"] = "false",
            ["TopicArn"] = subscription.TopicArn,
            ["Endpoint"] = subscription.Endpoint,
            ["Protocol"] = subscription.Protocol,
            ["PendingConfirmation"] = subscription.Confirmed ? "false" : "true",
            ["ConfirmationWasAuthenticated"] = subscription.Confirmed && (subscription.ConfirmationWasAuthenticated || !subscription.IsHttp) ? "true" : "false",
            ["SubscriptionArn"] = subscription.Arn,
        };
        if (subscription.IsHttp)
        {
            attributes["EffectiveDeliveryPolicy"] = PolicyOf(subscription).ToEffectiveJson();
        }

        foreach (var (name, value) in subscription.Attributes)
        {
            attributes[name] = value;
        }

        if (subscription.Filter is not null && !subscription.Attributes.ContainsKey("FilterPolicyScope"))
        {
            attributes["FilterPolicyScope"] = "MessageAttributes";
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(attributes);
    }

    public async Task SetSubscriptionAttributeAsync(string subscriptionArn, string name, string? value, CancellationToken cancellationToken)
    {
        var subscription = FindSubscription(subscriptionArn);
        if (!SettableSubscriptionAttributes.Contains(name))
        {
            throw TopicException.InvalidParameter("AttributeName");
        }

        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var attributes = new Dictionary<string, string>(subscription.Attributes, StringComparer.Ordinal);
            if (string.IsNullOrEmpty(value))
            {
                attributes.Remove(name);
            }
            else
            {
                attributes[name] = value;
            }

            var draft = new Subscription(subscription.Id, subscription.Arn, subscription.TopicArn, subscription.Protocol, subscription.Endpoint);
            ApplyAttributes(draft, attributes, validate: true);
            var previous = subscription.Attributes;
            subscription.Attributes = attributes;
            try
            {
                await Catalog.UpdateAsync(SubscriptionCatalogKind, subscription.Arn, TopicDefinitions.WriteSubscription(subscription), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                subscription.Attributes = previous;
                throw;
            }

            ApplyAttributes(subscription, attributes);
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    /// <summary>Parses the attributes into the subscription's policies; with <paramref name="validate"/>, AWS's errors for bad values.</summary>
    private void ApplyAttributes(Subscription subscription, Dictionary<string, string> attributes, bool validate = false)
    {
        if (attributes.TryGetValue("RawMessageDelivery", out var raw))
        {
            var normalized = raw.ToLowerInvariant();
            if (normalized is not ("true" or "false"))
            {
                throw TopicException.InvalidParameter("Attributes", "RawMessageDelivery: Invalid value [" + raw + "]. Must be true or false.");
            }

            attributes["RawMessageDelivery"] = normalized;
        }

        var scope = FilterPolicyScope.MessageAttributes;
        if (attributes.TryGetValue("FilterPolicyScope", out var scopeText))
        {
            scope = scopeText switch
            {
                "MessageAttributes" => FilterPolicyScope.MessageAttributes,
                "MessageBody" => FilterPolicyScope.MessageBody,
                _ => throw TopicException.InvalidParameter("Attributes", "FilterPolicyScope: Invalid value [" + scopeText + "]. Please use either MessageBody or MessageAttributes"),
            };
        }

        subscription.Filter = attributes.TryGetValue("FilterPolicy", out var filter) && filter.Length > 0 ? FilterPolicy.Parse(filter, scope) : null;

        subscription.DeadLetterTargetArn = null;
        if (attributes.TryGetValue("RedrivePolicy", out var redrive))
        {
            try
            {
                using var document = JsonDocument.Parse(redrive);
                subscription.DeadLetterTargetArn = document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("deadLetterTargetArn", out var target) && target.ValueKind == JsonValueKind.String
                    && target.GetString() is { } arn && arn.StartsWith("arn:aws:sqs:", StringComparison.Ordinal)
                    ? arn
                    : throw TopicException.InvalidParameter("RedrivePolicy", "RedrivePolicy: deadLetterTargetArn is missing or not an SQS queue ARN");
            }
            catch (JsonException)
            {
                throw TopicException.InvalidParameter("RedrivePolicy", "RedrivePolicy: failed to parse JSON");
            }

            if (validate && _queues.FindQueueByArn(subscription.DeadLetterTargetArn) is { } queue
                && queue.IsFifo != (TopicNameFromArn(subscription.TopicArn)?.EndsWith(FifoSuffix, StringComparison.Ordinal) ?? false))
            {
                throw TopicException.InvalidParameter("RedrivePolicy", "The dead-letter queue of a subscription must be of the same type as its topic");
            }
        }

        subscription.DeliveryPolicy = null;
        if (attributes.TryGetValue("DeliveryPolicy", out var delivery))
        {
            var parsed = DeliveryPolicy.Parse(delivery, DeliveryPolicy.Default, topicLevel: false, out var error);
            subscription.DeliveryPolicy = error is null ? parsed : throw TopicException.InvalidParameter("DeliveryPolicy", error);
        }
    }

    /// <summary>The subscription's policy over its topic's http default, over AWS's default.</summary>
    private DeliveryPolicy PolicyOf(Subscription subscription)
    {
        var basis = DeliveryPolicy.Default;
        if (TopicNameFromArn(subscription.TopicArn) is { } name && _topicsByName.TryGetValue(name, out var topic)
            && topic.Attributes.TryGetValue("DeliveryPolicy", out var topicPolicy))
        {
            basis = DeliveryPolicy.Parse(topicPolicy, basis, topicLevel: true, out _);
        }

        return subscription.DeliveryPolicy ?? basis;
    }

    private DeliveryPolicy PolicyOf(HttpDelivery delivery) =>
        _subscriptionsById.TryGetValue(delivery.SubscriptionId, out var subscription) ? PolicyOf(subscription) : DeliveryPolicy.Default;

    /// <summary>Makes one delivery durable (alone in its chunk), then starts it.</summary>
    private async Task RecordAndStartAsync(HttpDelivery delivery)
    {
        ValueTask commit;
        _stateLock.EnterReadLock();
        try
        {
            commit = AppendLocked([new LogRecord(TopicRecordKind.DeliveryPending, delivery.SubscriptionId, JsonSerializer.SerializeToUtf8Bytes(delivery))]);
            _pending[delivery.Id] = delivery;
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        await commit.ConfigureAwait(false);
        _scheduler.Start(delivery);
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using PostOffice.Broker.Delivery;
using PostOffice.Broker.Policies;

namespace PostOffice.Broker.Topics;

public sealed partial class TopicEngine
{
    private const string FifoSuffix = ".fifo";
    private const int PageSize = 100;
    private const int MaxTags = 50;

    // The attributes CreateTopic and SetTopicAttributes accept
    // (https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html); the *Feedback* ones configure delivery
    // status logging, which is stored and returned only.
    private static readonly HashSet<string> SettableTopicAttributes = new(StringComparer.Ordinal)
    {
        "DeliveryPolicy", "DisplayName", "Policy", "SignatureVersion", "TracingConfig", "KmsMasterKeyId", "ContentBasedDeduplication",
        "ArchivePolicy", "FifoThroughputScope", "DataProtectionPolicy",
        "HTTPSuccessFeedbackRoleArn", "HTTPSuccessFeedbackSampleRate", "HTTPFailureFeedbackRoleArn",
        "SQSSuccessFeedbackRoleArn", "SQSSuccessFeedbackSampleRate", "SQSFailureFeedbackRoleArn",
        "LambdaSuccessFeedbackRoleArn", "LambdaSuccessFeedbackSampleRate", "LambdaFailureFeedbackRoleArn",
        "FirehoseSuccessFeedbackRoleArn", "FirehoseSuccessFeedbackSampleRate", "FirehoseFailureFeedbackRoleArn",
        "ApplicationSuccessFeedbackRoleArn", "ApplicationSuccessFeedbackSampleRate", "ApplicationFailureFeedbackRoleArn",
    };

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    public async Task<string> CreateTopicAsync(CreateTopicRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fifo = request.Attributes.GetValueOrDefault("FifoTopic") is { } fifoText
            ? fifoText.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => throw TopicException.InvalidParameter("Attributes", "FifoTopic: Invalid value [" + fifoText + "] for FifoTopic attribute"),
            }
            : false;

        // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html: 1-256 alphanumerics, hyphens and
        // underscores; a FIFO topic's name ends in ".fifo".
        var stem = request.Name.EndsWith(FifoSuffix, StringComparison.Ordinal) ? request.Name[..^FifoSuffix.Length] : request.Name;
        if (request.Name.Length is 0 or > 256 || stem.Length == 0 || stem.AsSpan().ContainsAnyExcept(NameCharacters) || (stem.Length != request.Name.Length) != fifo)
        {
            throw fifo || stem.Length != request.Name.Length
                ? TopicException.InvalidParameter("Topic Name", "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.")
                : TopicException.InvalidParameter("Topic Name");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Attributes)
        {
            if (name == "FifoTopic")
            {
                continue;
            }

            attributes[name] = ValidateTopicAttribute(name, value, fifo);
        }

        ValidateTags(request.Tags, 0);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_topicsByName.TryGetValue(request.Name, out var existing))
            {
                // CreateTopic is idempotent: the same name and attributes return the existing topic.
                foreach (var (name, value) in attributes)
                {
                    if (existing.Attributes.GetValueOrDefault(name) != value)
                    {
                        throw TopicException.InvalidParameter("Attributes", "Topic already exists with different attributes");
                    }
                }

                foreach (var (key, value) in request.Tags)
                {
                    if (existing.Tags.GetValueOrDefault(key) != value)
                    {
                        throw TopicException.InvalidParameter("Tags", "Topic already exists with different tags");
                    }
                }

                return existing.Arn;
            }

            var created = _time.GetUtcNow().ToUnixTimeSeconds();
            var tags = new Dictionary<string, string>(request.Tags, StringComparer.Ordinal);
            var (entry, _) = await Catalog.GetOrAddAsync(TopicCatalogKind, request.Name, TopicDefinitions.WriteTopic(fifo, created, attributes, tags), cancellationToken).ConfigureAwait(false);
            var topic = new Topic(entry.Id, request.Name, TopicArn(request.Name), fifo, created) { Attributes = attributes, Tags = tags };
            _topicsByName[topic.Name] = topic;
            _topicsById[topic.Id] = topic;
            TopicLog.Created(_logger, topic.Name, topic.Id);
            return topic.Arn;
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    public async Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken)
    {
        // DeleteTopic is idempotent: deleting a topic that does not exist is not an error
        // (https://docs.aws.amazon.com/sns/latest/api/API_DeleteTopic.html).
        if (TopicNameFromArn(topicArn) is null)
        {
            throw TopicException.InvalidParameter("TopicArn");
        }

        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TopicNameFromArn(topicArn) is not { } name || !_topicsByName.TryGetValue(name, out var topic))
            {
                return;
            }

            foreach (var subscription in topic.Subscriptions)
            {
                await Catalog.DeleteAsync(SubscriptionCatalogKind, subscription.Arn, cancellationToken).ConfigureAwait(false);
                _subscriptionsByArn.TryRemove(subscription.Arn, out _);
                _subscriptionsById.TryRemove(subscription.Id, out _);
            }

            await Catalog.DeleteAsync(TopicCatalogKind, topic.Name, cancellationToken).ConfigureAwait(false);
            topic.Deleted = true;
            topic.Subscriptions = [];
            _topicsByName.TryRemove(topic.Name, out _);
            _topicsById.TryRemove(topic.Id, out _);
            TopicLog.Deleted(_logger, topic.Name);
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    public Task<TopicPage> ListTopicsAsync(string? nextToken, CancellationToken cancellationToken)
    {
        var names = _topicsByName.Keys.Where(name => nextToken is null || string.CompareOrdinal(name, nextToken) > 0).Order(StringComparer.Ordinal).Take(PageSize + 1).ToList();
        var more = names.Count > PageSize;
        if (more)
        {
            names.RemoveAt(PageSize);
        }

        return Task.FromResult(new TopicPage([.. names.Select(TopicArn)], more ? names[^1] : null));
    }

    public Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken)
    {
        var topic = FindTopic(topicArn);
        var subscriptions = topic.Subscriptions;
        var policy = topic.Attributes.TryGetValue("DeliveryPolicy", out var deliveryPolicy)
            ? DeliveryPolicy.Parse(deliveryPolicy, DeliveryPolicy.Default, topicLevel: true, out _)
            : DeliveryPolicy.Default;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Policy"] = TopicPolicy.Default(topic.Arn, Owner),
            ["Owner"] = Owner,
            ["SubscriptionsPending"] = subscriptions.Count(s => !s.Confirmed).ToString(CultureInfo.InvariantCulture),
            ["TopicArn"] = topic.Arn,
            ["EffectiveDeliveryPolicy"] = policy.ToTopicEffectiveJson(),
            ["SubscriptionsConfirmed"] = subscriptions.Count(s => s.Confirmed).ToString(CultureInfo.InvariantCulture),
            ["DisplayName"] = string.Empty,
            ["SubscriptionsDeleted"] = topic.SubscriptionsDeleted.ToString(CultureInfo.InvariantCulture),
        };
        if (topic.IsFifo)
        {
            attributes["FifoTopic"] = "true";
            attributes["ContentBasedDeduplication"] = "false";
        }

        foreach (var (name, value) in topic.Attributes)
        {
            attributes[name] = value;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(attributes);
    }

    public async Task SetTopicAttributeAsync(string topicArn, string name, string? value, CancellationToken cancellationToken)
    {
        var topic = FindTopic(topicArn);
        if (!SettableTopicAttributes.Contains(name))
        {
            throw TopicException.InvalidParameter("AttributeName");
        }

        var validated = ValidateTopicAttribute(name, value ?? string.Empty, topic.IsFifo);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SetAttributeLockedAsync(topic, name, validated.Length == 0 && name is not "DisplayName" ? null : validated, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    /// <summary>Stores one attribute (null: removes it) in the catalog, then in memory. The caller holds the definition gate.</summary>
    private async Task SetAttributeLockedAsync(Topic topic, string name, string? value, CancellationToken cancellationToken)
    {
        if (topic.Deleted)
        {
            throw TopicException.TopicNotFound();
        }

        var attributes = new Dictionary<string, string>(topic.Attributes, StringComparer.Ordinal);
        if (value is null)
        {
            attributes.Remove(name);
        }
        else
        {
            attributes[name] = value;
        }

        await Catalog.UpdateAsync(TopicCatalogKind, topic.Name, TopicDefinitions.WriteTopic(topic.IsFifo, topic.CreatedAt, attributes, topic.Tags), cancellationToken).ConfigureAwait(false);
        topic.Attributes = attributes;
    }

    public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken)
    {
        var topic = FindTaggable(resourceArn);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal));
    }

    public async Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var topic = FindTaggable(resourceArn);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var merged = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
            foreach (var (key, value) in tags)
            {
                merged[key] = value;
            }

            ValidateTags(tags, merged.Count - tags.Count);
            if (merged.Count > MaxTags)
            {
                throw new TopicException(TopicErrorCode.TagLimitExceeded, "Could not complete request: tag quota of per resource exceeded");
            }

            await Catalog.UpdateAsync(TopicCatalogKind, topic.Name, TopicDefinitions.WriteTopic(topic.IsFifo, topic.CreatedAt, topic.Attributes, merged), cancellationToken).ConfigureAwait(false);
            topic.Tags = merged;
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    public async Task UntagResourceAsync(string resourceArn, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagKeys);
        var topic = FindTaggable(resourceArn);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var remaining = new Dictionary<string, string>(topic.Tags, StringComparer.Ordinal);
            foreach (var key in tagKeys)
            {
                remaining.Remove(key);
            }

            await Catalog.UpdateAsync(TopicCatalogKind, topic.Name, TopicDefinitions.WriteTopic(topic.IsFifo, topic.CreatedAt, topic.Attributes, remaining), cancellationToken).ConfigureAwait(false);
            topic.Tags = remaining;
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    private Topic FindTaggable(string resourceArn) =>
        TopicNameFromArn(resourceArn) is { } name && _topicsByName.TryGetValue(name, out var topic) && !topic.Deleted
            ? topic
            : throw new TopicException(TopicErrorCode.ResourceNotFound, "Resource does not exist");

    /// <summary>Tag rules of https://docs.aws.amazon.com/sns/latest/dg/sns-tags-restrictions.html.</summary>
    private static void ValidateTags(IReadOnlyDictionary<string, string> tags, int existing)
    {
        if (existing + tags.Count > MaxTags)
        {
            throw new TopicException(TopicErrorCode.TagLimitExceeded, "Could not complete request: tag quota of per resource exceeded");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || key.StartsWith("aws:", StringComparison.Ordinal))
            {
                throw TopicException.InvalidParameter("Tags", $"Tag key {key} is invalid");
            }

            if (value.Length > 256)
            {
                throw TopicException.InvalidParameter("Tags", $"Tag value for key {key} is too long");
            }
        }
    }

    private static string ValidateTopicAttribute(string name, string value, bool fifo)
    {
        switch (name)
        {
            case "DeliveryPolicy" when value.Length > 0:
                DeliveryPolicy.Parse(value, DeliveryPolicy.Default, topicLevel: true, out var error);
                return error is null ? value : throw TopicException.InvalidParameter("DeliveryPolicy", error);
            case "Policy" when value.Length > 0:
                // AWS answers a grammar error as "Policy Error: null"; the same prefix here names the rule instead.
                return PolicyDocument.GrammarError(value, "SNS", out var outOfScope) is not { } grammar
                    ? value
                    : throw new TopicException(TopicErrorCode.InvalidParameter, outOfScope
                        ? "Invalid parameter: Policy statement action out of service scope!"
                        : $"Invalid parameter: Policy Error: {grammar}");
            case "ArchivePolicy" when value.Length > 0:
            case "DataProtectionPolicy" when value.Length > 0:
                try
                {
                    using var document = JsonDocument.Parse(value);
                    return document.RootElement.ValueKind == JsonValueKind.Object ? value : throw TopicException.InvalidParameter(name, "Policy must be a JSON object");
                }
                catch (JsonException)
                {
                    throw TopicException.InvalidParameter(name, "failed to parse JSON");
                }

            case "DisplayName":
                return value.Length <= 100 ? value : throw TopicException.InvalidParameter("DisplayName", "DisplayName must be at most 100 characters");
            case "SignatureVersion":
                return value is "1" or "2" ? value : throw TopicException.InvalidParameter("SignatureVersion", "SignatureVersion must be 1 or 2");
            case "TracingConfig":
                return value is "PassThrough" or "Active" ? value : throw TopicException.InvalidParameter("TracingConfig", "TracingConfig must be PassThrough or Active");
            case "ContentBasedDeduplication":
                if (!fifo)
                {
                    throw TopicException.InvalidParameter("ContentBasedDeduplication", "Content based deduplication can only be set for FIFO topics");
                }

                return value.ToLowerInvariant() is "true" or "false" ? value.ToLowerInvariant() : throw TopicException.InvalidParameter("ContentBasedDeduplication");
            case "FifoThroughputScope":
                return fifo && value is "Topic" or "MessageGroup" ? value : throw TopicException.InvalidParameter("FifoThroughputScope");
            default:
                return SettableTopicAttributes.Contains(name) ? value : throw TopicException.InvalidParameter("Attributes", $"Unknown attribute {name}");
        }
    }
}

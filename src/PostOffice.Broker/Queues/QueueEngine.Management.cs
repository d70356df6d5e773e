using System.Globalization;
using System.Text;

namespace PostOffice.Broker.Queues;

public sealed partial class QueueEngine
{
    private static readonly string[] ReadOnlyAttributes =
    [
        "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed",
        "CreatedTimestamp", "LastModifiedTimestamp", "QueueArn",
    ];

    public async Task<QueueDescription> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken)
    {
        var fifoRequested = request.Attributes.TryGetValue("FifoQueue", out var fifoText) && fifoText.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (fifoText is not null && !fifoRequested && !fifoText.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            throw new QueueException(QueueErrorCode.InvalidAttributeValue, "Invalid value for the parameter FifoQueue.");
        }

        if (!QueueNames.IsValid(request.Name, fifoRequested))
        {
            throw new QueueException(QueueErrorCode.InvalidParameterValue, fifoRequested
                ? "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
                : "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }

        ValidateTags(request.Tags, existing: 0);
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        if (_byName.TryGetValue(request.Name, out var existing))
        {
            lock (existing.Gate)
            {
                if (existing.IsFifo != fifoRequested || !existing.Settings.Matches(request.Attributes))
                {
                    throw new QueueException(QueueErrorCode.QueueAlreadyExists, $"A queue already exists with the same name and a different value for attribute(s) {string.Join(", ", request.Attributes.Keys)}");
                }
            }

            return existing.Describe();
        }

        var now = NowMilliseconds;
        if (_recentlyDeleted.TryGetValue(request.Name, out var deletedAt) && now - deletedAt < _options.DeletedQueueNameHold.TotalMilliseconds)
        {
            throw new QueueException(QueueErrorCode.QueueDeletedRecently, "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
        }

        var settings = new QueueSettings(fifoRequested);
        settings.Apply(request.Attributes, creating: true, DeadLetterQueueIsFifo);
        EnsureRedriveAllowed(QueueNames.Arn(_options, request.Name), settings);
        var created = now / 1000;
        var definition = QueueDefinition.Write(fifoRequested, created, created, settings, request.Tags);
        var (entry, _) = await Catalog.GetOrAddAsync(CatalogKind, request.Name, definition, cancellationToken).ConfigureAwait(false);
        var queue = new Queue(entry.Id, request.Name, QueueNames.Arn(_options, request.Name), settings, created);
        foreach (var (key, value) in request.Tags)
        {
            queue.Tags[key] = value;
        }

        _byId[queue.Id] = queue;
        _byName[queue.Name] = queue;
        QueueLog.Created(_logger, queue.Name, queue.Id);
        return queue.Describe();
    }

    public Task<QueueDescription> GetQueueAsync(string queueName, CancellationToken cancellationToken) => Task.FromResult(Find(queueName).Describe());

    public async Task DeleteQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var queue = Find(queueName);
        await Catalog.DeleteAsync(CatalogKind, queueName, cancellationToken).ConfigureAwait(false);
        List<QueuedMessage> messages;
        _stateLock.EnterReadLock();
        try
        {
            lock (queue.Gate)
            {
                queue.Deleted = true;
                messages = [.. queue.Store.Messages];
                queue.SignalMessages();
            }
        }
        finally
        {
            _stateLock.ExitReadLock();
        }

        _byName.TryRemove(queueName, out _);
        _byId.TryRemove(queue.Id, out _);
        ForgetMoveTasks(queue);
        _recentlyDeleted[queueName] = NowMilliseconds;
        Release(messages);
        QueueLog.Deleted(_logger, queueName, messages.Count);
    }

    public Task<QueuePage> ListQueuesAsync(string? namePrefix, int? maxResults, string? nextToken, CancellationToken cancellationToken) =>
        Task.FromResult(Page(_byName.Values.Where(q => !q.Deleted && q.Name.StartsWith(namePrefix ?? string.Empty, StringComparison.Ordinal)).Select(q => q.Name), maxResults, nextToken));

    public Task<QueuePage> ListDeadLetterSourceQueuesAsync(string queueName, int? maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        Find(queueName);
        var sources = _byName.Values.Where(q => !q.Deleted && q.Settings.Redrive?.DeadLetterQueue == queueName).Select(q => q.Name);
        return Task.FromResult(Page(sources, maxResults, nextToken));
    }

    public Task<IReadOnlyDictionary<string, string>> GetQueueAttributesAsync(string queueName, IReadOnlyCollection<string> attributeNames, CancellationToken cancellationToken)
    {
        var queue = Find(queueName);
        foreach (var name in attributeNames)
        {
            if (name != "All" && !ReadOnlyAttributes.Contains(name) && !QueueSettings.IsKnown(name, queue.IsFifo))
            {
                throw new QueueException(QueueErrorCode.InvalidAttributeName, $"Unknown Attribute {name}.");
            }
        }

        var all = attributeNames.Contains("All");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var expired = new List<QueuedMessage>();
        lock (queue.Gate)
        {
            var now = NowMilliseconds;
            queue.Store.Expire(now - (queue.Settings.MessageRetentionPeriod * 1000L), expired);
            queue.Store.PromoteDue(now);
            var values = new Dictionary<string, string>(queue.Settings.Values, StringComparer.Ordinal)
            {
                ["ApproximateNumberOfMessages"] = Invariant(queue.Store.ReadyCount),
                ["ApproximateNumberOfMessagesNotVisible"] = Invariant(queue.Store.InFlightCount),
                ["ApproximateNumberOfMessagesDelayed"] = Invariant(queue.Store.DelayedCount),
                ["CreatedTimestamp"] = Invariant(queue.CreatedAt),
                ["LastModifiedTimestamp"] = Invariant(queue.ModifiedAt),
                ["QueueArn"] = queue.Arn,
            };
            if (!values.ContainsKey("KmsMasterKeyId"))
            {
                values.Remove("KmsDataKeyReusePeriodSeconds");
            }
            else if (!values.ContainsKey("KmsDataKeyReusePeriodSeconds"))
            {
                values["KmsDataKeyReusePeriodSeconds"] = "300";
            }

            foreach (var (name, value) in values)
            {
                if (all || attributeNames.Contains(name))
                {
                    result[name] = value;
                }
            }
        }

        Release(expired);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(result);
    }

    public async Task SetQueueAttributesAsync(string queueName, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken)
    {
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var queue = Find(queueName);
        var settings = QueueSettings.FromJson(queue.IsFifo, queue.Settings.ToJson(), _ => null);
        settings.Apply(attributes, creating: false, DeadLetterQueueIsFifo);
        EnsureRedriveAllowed(queue.Arn, settings);
        await UpdateDefinitionAsync(queue, settings, queue.Tags, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyDictionary<string, string>> ListQueueTagsAsync(string queueName, CancellationToken cancellationToken)
    {
        var queue = Find(queueName);
        lock (queue.Gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(queue.Tags, StringComparer.Ordinal));
        }
    }

    public async Task TagQueueAsync(string queueName, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var queue = Find(queueName);
        var merged = new Dictionary<string, string>(queue.Tags, StringComparer.Ordinal);
        ValidateTags(tags, existing: 0);
        foreach (var (key, value) in tags)
        {
            merged[key] = value;
        }

        ValidateTags(merged, existing: 0);
        await UpdateDefinitionAsync(queue, queue.Settings, merged, cancellationToken).ConfigureAwait(false);
    }

    public async Task UntagQueueAsync(string queueName, IReadOnlyCollection<string> tagKeys, CancellationToken cancellationToken)
    {
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var queue = Find(queueName);
        var remaining = queue.Tags.Where(tag => !tagKeys.Contains(tag.Key)).ToDictionary(StringComparer.Ordinal);
        await UpdateDefinitionAsync(queue, queue.Settings, remaining, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the new definition to the catalog first, then swaps it in: the catalog never lags memory.</summary>
    private async Task UpdateDefinitionAsync(Queue queue, QueueSettings settings, Dictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var modified = settings == queue.Settings ? queue.ModifiedAt : NowMilliseconds / 1000;
        var draft = new Queue(queue.Id, queue.Name, queue.Arn, settings, queue.CreatedAt) { ModifiedAt = modified, Tags = tags };
        await Catalog.UpdateAsync(CatalogKind, queue.Name, QueueDefinition.Write(draft), cancellationToken).ConfigureAwait(false);
        lock (queue.Gate)
        {
            queue.Settings = settings;
            queue.Tags = tags;
            queue.ModifiedAt = modified;
        }
    }

    /// <summary>A dead-letter queue's RedriveAllowPolicy decides which source queues may use it (absent: any).</summary>
    private void EnsureRedriveAllowed(string sourceArn, QueueSettings settings)
    {
        if (settings.Redrive is not { } redrive || !_byName.TryGetValue(redrive.DeadLetterQueue, out var deadLetterQueue)
            || !deadLetterQueue.Settings.Values.TryGetValue("RedriveAllowPolicy", out var policyText))
        {
            return;
        }

        var policy = System.Text.Json.Nodes.JsonNode.Parse(policyText)!.AsObject();
        var allowed = policy["redrivePermission"]?.ToString() switch
        {
            "denyAll" => false,
            "byQueue" => policy["sourceQueueArns"]!.AsArray().Any(arn => arn?.ToString() == sourceArn),
            _ => true,
        };
        if (!allowed)
        {
            throw new QueueException(QueueErrorCode.InvalidParameterValue, $"Value {settings.Values["RedrivePolicy"]} for parameter RedrivePolicy is invalid. Reason: Queue {deadLetterQueue.Arn} does not allow this queue to use it as a dead-letter queue (RedriveAllowPolicy).");
        }
    }

    /// <summary>Serializes changes to definitions (catalog writes); released when the returned value is disposed.</summary>
    private async Task<DefinitionLock> LockDefinitionsAsync(CancellationToken cancellationToken)
    {
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new DefinitionLock(_definitionGate);
    }

    private bool? DeadLetterQueueIsFifo(string name) => _byName.TryGetValue(name, out var queue) && !queue.Deleted ? queue.IsFifo : null;

    private static void ValidateTags(IReadOnlyDictionary<string, string> tags, int existing)
    {
        if (tags.Count + existing > 50)
        {
            throw new QueueException(QueueErrorCode.InvalidParameterValue, "Too many tags added for queue. The maximum is 50.");
        }

        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 128 || value.Length > 256)
            {
                throw new QueueException(QueueErrorCode.InvalidParameterValue, $"Tag key or value is out of range for tag '{key}'.");
            }
        }
    }

    private static QueuePage Page(IEnumerable<string> names, int? maxResults, string? nextToken)
    {
        if (maxResults is < 1 or > 1000)
        {
            throw InvalidParameter("MaxResults", maxResults, "MaxResults must be an integer between 1 and 1000.");
        }

        var after = string.Empty;
        if (nextToken is not null)
        {
            try
            {
                after = Encoding.UTF8.GetString(Convert.FromBase64String(nextToken));
            }
            catch (FormatException)
            {
                throw InvalidParameter("NextToken", nextToken, "Invalid NextToken value.");
            }
        }

        var sorted = names.Where(name => string.CompareOrdinal(name, after) > 0).Order(StringComparer.Ordinal).ToList();
        var limit = maxResults ?? 1000;
        var page = sorted.Take(limit).ToList();
        var token = maxResults is not null && sorted.Count > limit ? Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1])) : null;
        return new QueuePage(page, token);
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

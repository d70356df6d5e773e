namespace PostOffice.Broker.Queues;

/// <summary>
/// AddPermission and RemovePermission: statements in the queue's Policy attribute (<see cref="QueuePolicy"/>),
/// stored in the catalog like any other attribute change. Nothing enforces a policy yet: there is one account.
/// </summary>
public sealed partial class QueueEngine
{
    public async Task AddPermissionAsync(string queueName, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actions, CancellationToken cancellationToken)
    {
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var queue = Find(queueName);
        var policy = QueuePolicy.AddStatement(queue.Settings.Values.GetValueOrDefault("Policy"), queue.Arn, label, accountIds, actions);
        await SetPolicyAsync(queue, policy, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemovePermissionAsync(string queueName, string label, CancellationToken cancellationToken)
    {
        using var definitionLock = await LockDefinitionsAsync(cancellationToken).ConfigureAwait(false);
        var queue = Find(queueName);
        var policy = QueuePolicy.RemoveStatement(queue.Settings.Values.GetValueOrDefault("Policy"), queue.Arn, label);
        await SetPolicyAsync(queue, policy, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a new Policy (empty: none) through the same path as SetQueueAttributes.</summary>
    private Task SetPolicyAsync(Queue queue, string policy, CancellationToken cancellationToken)
    {
        var settings = QueueSettings.FromJson(queue.IsFifo, queue.Settings.ToJson(), _ => null);
        settings.Apply(new Dictionary<string, string>(StringComparer.Ordinal) { ["Policy"] = policy }, creating: false, DeadLetterQueueIsFifo);
        return UpdateDefinitionAsync(queue, settings, queue.Tags, cancellationToken);
    }
}

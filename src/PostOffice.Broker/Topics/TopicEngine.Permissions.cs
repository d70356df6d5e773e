namespace PostOffice.Broker.Topics;

/// <summary>
/// AddPermission and RemovePermission: statements in the topic's Policy attribute (<see cref="TopicPolicy"/>), stored
/// in the catalog like any other attribute change. Nothing enforces a policy: there is one account.
/// </summary>
public sealed partial class TopicEngine
{
    public async Task AddPermissionAsync(string topicArn, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actionNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(accountIds);
        ArgumentNullException.ThrowIfNull(actionNames);
        var topic = FindTopic(topicArn);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var policy = TopicPolicy.AddStatement(AccessPolicyOf(topic), topic.Arn, label, accountIds, actionNames);
            await SetAttributeLockedAsync(topic, "Policy", policy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    public async Task RemovePermissionAsync(string topicArn, string label, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(label);
        var topic = FindTopic(topicArn);
        await _definitionGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var policy = TopicPolicy.RemoveStatement(AccessPolicyOf(topic), label);
            await SetAttributeLockedAsync(topic, "Policy", policy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _definitionGate.Release();
        }
    }

    /// <summary>The topic's policy as GetTopicAttributes shows it: as set, or the default one.</summary>
    private string AccessPolicyOf(Topic topic) => topic.Attributes.GetValueOrDefault("Policy") ?? TopicPolicy.Default(topic.Arn, Owner);
}

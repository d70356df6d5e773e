namespace PostOffice.Broker.Topics;

/// <summary>What a subscription's filter policy looks at (the FilterPolicyScope subscription attribute).</summary>
public enum FilterPolicyScope
{
    /// <summary>The message attributes (the default).</summary>
    MessageAttributes,

    /// <summary>The message body, parsed as JSON; nested keys address nested objects.</summary>
    MessageBody,
}

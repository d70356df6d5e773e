namespace PostOffice.Load.Aws;

/// <summary>What a SubscriptionConfirmation POST carries: the topic, the token for ConfirmSubscription, and SubscribeURL.</summary>
internal sealed record SubscriptionConfirmation(string TopicArn, string Token, string? SubscribeUrl);

using System.Globalization;
using System.Text.Json.Nodes;
using PostOffice.Broker.Policies;

namespace PostOffice.Broker.Queues;

/// <summary>
/// The statements AddPermission and RemovePermission keep in a queue's Policy attribute, as SQS writes them:
/// <c>{"Version":"2012-10-17","Id":"{arn}/SQSDefaultPolicy","Statement":[{"Sid":label,"Effect":"Allow",
/// "Principal":{"AWS":"arn:aws:iam::{account}:root"},"Action":"SQS:{action}","Resource":arn}]}</c>, one principal or
/// action as a string, several as an array (<see cref="PolicyDocument"/>). A policy set with SetQueueAttributes is
/// edited in place.
/// </summary>
/// <remarks>Limits: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html</remarks>
internal static class QueuePolicy
{
    public const int MaximumActionsPerStatement = 7;
    public const int MaximumStatements = 20;
    public const int MaximumPrincipals = 50;

    /// <summary>
    /// The actions a permission may grant: those another account may call on a queue ("*" for all of them). The
    /// rest (CreateQueue, DeleteQueue, SetQueueAttributes, AddPermission, tags...) only the owner may call.
    /// </summary>
    private static readonly string[] GrantableActions =
    [
        "*", "ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues",
        "PurgeQueue", "ReceiveMessage", "SendMessage",
    ];

    /// <summary>Validates a permission and returns the policy with its statement added.</summary>
    public static string AddStatement(string? policyText, string queueArn, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actions)
    {
        if (label.Length is 0 or > 80 || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw Invalid(label, "Label", "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length.");
        }

        if (actions.Count == 0)
        {
            throw new QueueException(QueueErrorCode.MissingParameter, "The request must contain the parameter Actions.");
        }

        if (accountIds.Count == 0 || !accountIds.All(PolicyDocument.IsAccountId))
        {
            throw Invalid($"[{string.Join(", ", accountIds)}]", "PrincipalId", "Unable to verify.");
        }

        if (actions.Count > MaximumActionsPerStatement)
        {
            throw new QueueException(QueueErrorCode.OverLimit, $"{actions.Count} Actions were found, maximum allowed is {MaximumActionsPerStatement}.");
        }

        if (accountIds.Count > MaximumPrincipals)
        {
            throw new QueueException(QueueErrorCode.OverLimit, $"{accountIds.Count} Principals were found, maximum allowed is {MaximumPrincipals}.");
        }

        foreach (var action in actions)
        {
            if (!GrantableActions.Contains(action, StringComparer.Ordinal))
            {
                throw Invalid("SQS:" + action, "ActionName", "Only the queue owner is allowed to invoke this action.");
            }
        }

        var policy = PolicyDocument.Parse(policyText, () => Empty(queueArn));
        var statements = PolicyDocument.Statements(policy);
        if (PolicyDocument.Contains(statements, label))
        {
            throw Invalid(label, "Label", "Already exists.");
        }

        if (statements.Count >= MaximumStatements)
        {
            throw new QueueException(QueueErrorCode.OverLimit, $"{statements.Count + 1} Statements were found, maximum allowed is {MaximumStatements}.");
        }

        statements.Add(PolicyDocument.AllowStatement(label, accountIds, actions.Select(action => "SQS:" + action), queueArn));
        return policy.ToJsonString();
    }

    /// <summary>The policy without the statement labelled <paramref name="label"/>; empty when no statement is left.</summary>
    public static string RemoveStatement(string? policyText, string queueArn, string label)
    {
        var policy = PolicyDocument.Parse(policyText, () => Empty(queueArn));
        var statements = PolicyDocument.Statements(policy);
        if (!PolicyDocument.Remove(statements, label))
        {
            throw Invalid(label, "Label", "can't find label on existing policy.");
        }

        return statements.Count == 0 ? string.Empty : policy.ToJsonString();
    }

    /// <summary>The policy AddPermission creates on a queue that has none.</summary>
    private static JsonObject Empty(string queueArn) => new()
    {
        ["Version"] = "2012-10-17",
        ["Id"] = queueArn + "/SQSDefaultPolicy",
        ["Statement"] = new JsonArray(),
    };

    private static QueueException Invalid(string value, string parameter, string reason) =>
        new(QueueErrorCode.InvalidParameterValue, string.Create(CultureInfo.InvariantCulture, $"Value {value} for parameter {parameter} is invalid. Reason: {reason}"));
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PostOffice.Broker.Policies;

namespace PostOffice.Broker.Topics;

/// <summary>
/// A topic's Policy attribute: the default policy AWS gives a new topic, and the statements AddPermission and
/// RemovePermission keep in it (https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html). A permission
/// is appended to the topic's policy (the default one while none is set) as
/// <c>{"Sid":label,"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{account}:root"},"Action":"SNS:{action}","Resource":arn}</c>,
/// one principal or action as a string, several as an array (<see cref="PolicyDocument"/>).
/// </summary>
/// <remarks>
/// Quotas and the actions a topic policy may name:
/// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html. The error
/// wording of a duplicate label and of an action outside that list is what AWS answers.
/// </remarks>
internal static class TopicPolicy
{
    public const int MaximumStatements = 100;
    public const int MaximumPrincipals = 200;
    public const int MaximumBytes = 30 * 1024;

    /// <summary>The actions a topic policy may allow ("Valid Amazon SNS policy actions"); no wildcard.</summary>
    private static readonly string[] GrantableActions =
    [
        "AddPermission", "DeleteTopic", "GetDataProtectionPolicy", "GetTopicAttributes", "ListSubscriptionsByTopic", "ListTagsForResource",
        "Publish", "PutDataProtectionPolicy", "RemovePermission", "SetTopicAttributes", "Subscribe",
    ];

    /// <summary>The policy AWS gives a new topic: the owning account may use every topic action.</summary>
    public static string Default(string topicArn, string owner) =>
        "{\"Version\":\"2008-10-17\",\"Id\":\"__default_policy_ID\",\"Statement\":[{\"Sid\":\"__default_statement_ID\",\"Effect\":\"Allow\"," +
        "\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\"," +
        "\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\",\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"]," +
        $"\"Resource\":\"{topicArn}\",\"Condition\":{{\"StringEquals\":{{\"AWS:SourceOwner\":\"{owner}\"}}}}}}]}}";

    /// <summary>Validates a permission and returns <paramref name="policyText"/> with its statement added.</summary>
    public static string AddStatement(string policyText, string topicArn, string label, IReadOnlyList<string> accountIds, IReadOnlyList<string> actions)
    {
        if (label.Length == 0)
        {
            throw TopicException.InvalidParameter("Label");
        }

        if (accountIds.Count == 0)
        {
            throw TopicException.InvalidParameter("AWSAccountId");
        }

        foreach (var accountId in accountIds)
        {
            if (!PolicyDocument.IsAccountId(accountId))
            {
                throw TopicException.InvalidParameter("AWSAccountId", $"{accountId} is not a 12-digit AWS account ID");
            }
        }

        if (actions.Count == 0)
        {
            throw TopicException.InvalidParameter("ActionName");
        }

        var policy = Parse(policyText);
        var statements = PolicyDocument.Statements(policy);
        if (PolicyDocument.Contains(statements, label))
        {
            throw new TopicException(TopicErrorCode.InvalidParameter, "Invalid parameter: Statement already exists");
        }

        if (!actions.All(action => GrantableActions.Contains(action, StringComparer.Ordinal)))
        {
            throw new TopicException(TopicErrorCode.InvalidParameter, "Invalid parameter: Policy statement action out of service scope!");
        }

        if (statements.Count >= MaximumStatements)
        {
            throw TopicException.InvalidParameter("Policy", string.Create(CultureInfo.InvariantCulture, $"A topic policy may have at most {MaximumStatements} statements"));
        }

        if (accountIds.Count > MaximumPrincipals)
        {
            throw TopicException.InvalidParameter("Policy", string.Create(CultureInfo.InvariantCulture, $"A statement may have at most {MaximumPrincipals} principals"));
        }

        statements.Add(PolicyDocument.AllowStatement(label, accountIds, actions.Select(action => "SNS:" + action), topicArn));
        var text = policy.ToJsonString();
        return Encoding.UTF8.GetByteCount(text) <= MaximumBytes
            ? text
            : throw TopicException.InvalidParameter("Policy", string.Create(CultureInfo.InvariantCulture, $"A topic policy may be at most {MaximumBytes} bytes"));
    }

    /// <summary>
    /// <paramref name="policyText"/> without the statement labelled <paramref name="label"/>. The policy stays when its
    /// last statement goes (a topic always has one); an unknown label is InvalidParameter.
    /// </summary>
    public static string RemoveStatement(string policyText, string label)
    {
        var policy = Parse(policyText);
        return PolicyDocument.Remove(PolicyDocument.Statements(policy), label)
            ? policy.ToJsonString()
            : throw TopicException.InvalidParameter("Label", $"No statement with label {label} exists in the topic policy");
    }

    /// <summary>A topic always has a policy; text that is not a JSON object is replaced by an empty one.</summary>
    private static JsonObject Parse(string policyText) => PolicyDocument.Parse(policyText, () => new JsonObject { ["Statement"] = new JsonArray() });
}

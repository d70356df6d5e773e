using System.Text.Json;
using PostOffice.Compatibility.Tests.Harness;

namespace PostOffice.Compatibility.Tests.Sns;

/// <summary>AddPermission and RemovePermission on a topic through every client.</summary>
[Trait("Category", "Compatibility")]
public sealed class SnsPermissionTests(SqsServerFixture server) : IClassFixture<SqsServerFixture>
{
    /// <summary>
    /// AddPermission appends a statement per label to the topic's Policy, after the default statement
    /// (https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html): Principal
    /// <c>arn:aws:iam::ACCOUNT:root</c>, Action <c>SNS:NAME</c>, one as a string and several as an array, Resource the
    /// topic. A label already there and an action outside the topic policy actions
    /// (sns-access-policy-language-api-permissions-reference.html) are InvalidParameter with AWS's wording; a missing
    /// topic is NotFound (404). RemovePermission takes the statement out by label
    /// (https://docs.aws.amazon.com/sns/latest/api/API_RemovePermission.html). A Policy set against the IAM policy
    /// grammar is InvalidParameter, with AWS's "Policy Error:" prefix.
    /// </summary>
    [Theory]
    [MemberData(nameof(SqsClients.All), MemberType = typeof(SqsClients))]
    public async Task AddPermission_TwoLabels_PolicyHoldsAStatementPerLabelUntilRemoved(SqsClient client)
    {
        var run = (await ClientRunner.RunAsync(client, "sns_permissions", server.Endpoint)).AssertCompleted();
        var arn = $"arn:aws:sns:us-east-1:000000000000:{run.QueuePrefix}-perm";

        run.Verify(() =>
        {
            var policy = JsonDocument.Parse(run.Text("policy.Attributes.Policy")).RootElement;
            run.Check(policy.GetProperty("Id").GetString() == "__default_policy_ID", "policy.Attributes.Policy", "the default policy's Id");
            var statements = policy.GetProperty("Statement").EnumerateArray().ToList();
            run.Check(
                statements.Select(s => s.GetProperty("Sid").GetString()).SequenceEqual(["__default_statement_ID", "AlicePublish", "Both"]),
                "policy.Attributes.Policy",
                "statements __default_statement_ID, AlicePublish, Both");
            var alice = statements.Find(s => s.GetProperty("Sid").GetString() == "AlicePublish");
            run.Check(
                alice.ValueKind == JsonValueKind.Object
                    && alice.GetProperty("Effect").GetString() == "Allow"
                    && alice.GetProperty("Principal").GetProperty("AWS").GetString() == "arn:aws:iam::111122223333:root"
                    && alice.GetProperty("Action").GetString() == "SNS:Publish"
                    && alice.GetProperty("Resource").GetString() == arn,
                "policy.Attributes.Policy",
                "AlicePublish allowing arn:aws:iam::111122223333:root SNS:Publish on the topic");
            var both = statements.Find(s => s.GetProperty("Sid").GetString() == "Both");
            run.Check(
                both.ValueKind == JsonValueKind.Object
                    && both.GetProperty("Principal").GetProperty("AWS").EnumerateArray().Select(p => p.GetString())
                        .SequenceEqual(["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"])
                    && both.GetProperty("Action").EnumerateArray().Select(a => a.GetString()).SequenceEqual(["SNS:Subscribe", "SNS:GetTopicAttributes"]),
                "policy.Attributes.Policy",
                "Both with two principals and two actions as arrays");

            run.Error(SnsErrors.InvalidParameter, "addDuplicate");
            run.Equal("Invalid parameter: Statement already exists", "addDuplicate.error.message");
            run.Error(SnsErrors.InvalidParameter, "addBadAction");
            run.Equal("Invalid parameter: Policy statement action out of service scope!", "addBadAction.error.message");
            run.Error(SnsErrors.NotFound, "addMissingTopic");
            run.Error(SnsErrors.InvalidParameter, "removeAgain");
            run.Error(SnsErrors.NotFound, "removeMissingTopic");
            var remaining = JsonDocument.Parse(run.Text("policyAfterRemove.Attributes.Policy")).RootElement;
            run.Check(
                remaining.GetProperty("Statement").EnumerateArray().Select(s => s.GetProperty("Sid").GetString()).SequenceEqual(["__default_statement_ID", "Both"]),
                "policyAfterRemove.Attributes.Policy",
                "the default statement and Both");
            run.Error(SnsErrors.InvalidParameter, "setBadPolicy");
            run.Equal("Invalid parameter: Policy Error: unknown element Principle in a statement", "setBadPolicy.error.message");
        });
    }
}

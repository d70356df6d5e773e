using System.Text.Json.Nodes;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Tests.Support;

namespace PostOffice.Broker.Tests.Queues;

/// <summary>
/// AddPermission and RemovePermission as AWS documents them
/// (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html): statements in the
/// queue's Policy attribute, limits from the SQS policy quotas.
/// </summary>
public sealed class PermissionTests
{
    private const string Arn = "arn:aws:sqs:us-east-1:000000000000:q";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddPermission_NoPolicy_CreatesTheDefaultPolicyWithOneStatement()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        await host.Engine.AddPermissionAsync("q", "AliceSend", ["111122223333"], ["SendMessage"], Token);

        var policy = JsonNode.Parse(await host.Engine.AttributeAsync("q", "Policy"))!;
        Assert.Equal(
            $$"""{"Version":"2012-10-17","Id":"{{Arn}}/SQSDefaultPolicy","Statement":[{"Sid":"AliceSend","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"SQS:SendMessage","Resource":"{{Arn}}"}]}""",
            policy.ToJsonString());
    }

    [Fact]
    public async Task AddPermission_SeveralAccountsAndActions_WritesArrays()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        await host.Engine.AddPermissionAsync("q", "both", ["111122223333", "444455556666"], ["SendMessage", "*"], Token);

        var statement = JsonNode.Parse(await host.Engine.AttributeAsync("q", "Policy"))!["Statement"]![0]!;
        Assert.Equal("""["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"]""", statement["Principal"]!["AWS"]!.ToJsonString());
        Assert.Equal("""["SQS:SendMessage","SQS:*"]""", statement["Action"]!.ToJsonString());
    }

    [Fact]
    public async Task AddPermission_ExistingPolicy_AppendsAndKeepsItsStatements()
    {
        await using var host = await QueueHost.StartAsync();
        var own = """{"Version":"2012-10-17","Id":"mine","Statement":{"Sid":"own","Effect":"Deny","Principal":"*","Action":"SQS:*","Resource":"*"}}""";
        await host.Engine.CreateAsync("q", new() { ["Policy"] = own });

        await host.Engine.AddPermissionAsync("q", "added", ["111122223333"], ["ReceiveMessage"], Token);

        var policy = JsonNode.Parse(await host.Engine.AttributeAsync("q", "Policy"))!;
        Assert.Equal("mine", policy["Id"]!.GetValue<string>());
        Assert.Equal(["own", "added"], policy["Statement"]!.AsArray().Select(s => s!["Sid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AddPermission_DuplicateLabel_FailsWithAlreadyExists()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.AddPermissionAsync("q", "l1", ["111122223333"], ["SendMessage"], Token);

        var error = await QueueTesting.FailsAsync(() => host.Engine.AddPermissionAsync("q", "l1", ["111122223333"], ["ReceiveMessage"], Token));

        Assert.Equal(QueueErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("Value l1 for parameter Label is invalid. Reason: Already exists.", error.Message);
    }

    [Fact]
    public async Task AddPermission_MoreThanSevenActions_FailsWithOverLimit()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        string[] actions =
        [
            "ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl", "ListDeadLetterSourceQueues", "PurgeQueue",
            "ReceiveMessage", "SendMessage",
        ];

        var error = await QueueTesting.FailsAsync(() => host.Engine.AddPermissionAsync("q", "l1", ["111122223333"], actions, Token));

        Assert.Equal(QueueErrorCode.OverLimit, error.Code);
        Assert.Equal("8 Actions were found, maximum allowed is 7.", error.Message);
    }

    [Theory]
    [InlineData("CreateQueue")]
    [InlineData("SetQueueAttributes")]
    [InlineData("AddPermission")]
    [InlineData("Bogus")]
    public async Task AddPermission_OwnerOnlyOrUnknownAction_FailsNamingTheAction(string action)
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var error = await QueueTesting.FailsAsync(() => host.Engine.AddPermissionAsync("q", "l1", ["111122223333"], [action], Token));

        Assert.Equal(QueueErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal($"Value SQS:{action} for parameter ActionName is invalid. Reason: Only the queue owner is allowed to invoke this action.", error.Message);
    }

    [Theory]
    [InlineData("", "111122223333", "SendMessage", QueueErrorCode.InvalidParameterValue)]
    [InlineData("bad label", "111122223333", "SendMessage", QueueErrorCode.InvalidParameterValue)]
    [InlineData("l1", "", "SendMessage", QueueErrorCode.InvalidParameterValue)]
    [InlineData("l1", "not-an-account", "SendMessage", QueueErrorCode.InvalidParameterValue)]
    [InlineData("l1", "111122223333", "", QueueErrorCode.MissingParameter)]
    public async Task AddPermission_InvalidRequest_Fails(string label, string account, string action, QueueErrorCode expected)
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        string[] accounts = account.Length == 0 ? [] : [account];
        string[] actions = action.Length == 0 ? [] : [action];

        var error = await QueueTesting.FailsAsync(() => host.Engine.AddPermissionAsync("q", label, accounts, actions, Token));

        Assert.Equal(expected, error.Code);
        Assert.False((await host.Engine.GetQueueAttributesAsync("q", ["All"], Token)).ContainsKey("Policy"));
    }

    [Fact]
    public async Task AddPermission_TwentyFirstStatement_FailsWithOverLimit()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        for (var i = 0; i < QueuePolicy.MaximumStatements; i++)
        {
            await host.Engine.AddPermissionAsync("q", $"l{i}", ["111122223333"], ["SendMessage"], Token);
        }

        var error = await QueueTesting.FailsAsync(() => host.Engine.AddPermissionAsync("q", "one-more", ["111122223333"], ["SendMessage"], Token));

        Assert.Equal(QueueErrorCode.OverLimit, error.Code);
    }

    [Fact]
    public async Task RemovePermission_LastStatement_RemovesThePolicy()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.AddPermissionAsync("q", "a", ["111122223333"], ["SendMessage"], Token);
        await host.Engine.AddPermissionAsync("q", "b", ["111122223333"], ["ReceiveMessage"], Token);

        await host.Engine.RemovePermissionAsync("q", "a", Token);
        var remaining = JsonNode.Parse(await host.Engine.AttributeAsync("q", "Policy"))!["Statement"]!.AsArray();
        await host.Engine.RemovePermissionAsync("q", "b", Token);

        Assert.Equal(["b"], remaining.Select(s => s!["Sid"]!.GetValue<string>()));
        Assert.False((await host.Engine.GetQueueAttributesAsync("q", ["All"], Token)).ContainsKey("Policy"));
    }

    [Fact]
    public async Task RemovePermission_UnknownLabel_Fails()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");

        var error = await QueueTesting.FailsAsync(() => host.Engine.RemovePermissionAsync("q", "nope", Token));

        Assert.Equal(QueueErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal("Value nope for parameter Label is invalid. Reason: can't find label on existing policy.", error.Message);
    }

    [Fact]
    public async Task AddPermission_AfterRestart_IsStillInThePolicy()
    {
        await using var host = await QueueHost.StartAsync();
        await host.Engine.CreateAsync("q");
        await host.Engine.AddPermissionAsync("q", "kept", ["111122223333"], ["SendMessage"], Token);

        await host.RestartAsync();

        Assert.Contains("\"Sid\":\"kept\"", await host.Engine.AttributeAsync("q", "Policy"), StringComparison.Ordinal);
    }
}

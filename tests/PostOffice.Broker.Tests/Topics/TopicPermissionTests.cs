using System.Text.Json.Nodes;
using PostOffice.Broker.Topics;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>
/// AddPermission and RemovePermission on topics as AWS documents them
/// (https://docs.aws.amazon.com/sns/latest/api/API_AddPermission.html, API_RemovePermission.html): statements in
/// the topic's Policy attribute, starting from the default policy; the actions and quotas of
/// https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html.
/// </summary>
public sealed class TopicPermissionTests
{
    private const string Arn = "arn:aws:sns:us-east-1:000000000000:t";

    private const string DefaultStatement =
        """{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"arn:aws:sns:us-east-1:000000000000:t","Condition":{"StringEquals":{"AWS:SourceOwner":"000000000000"}}}""";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddPermission_DefaultPolicy_AppendsTheStatementAfterTheDefaultOne()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");

        await host.Topics.AddPermissionAsync(topic, "AlicePublish", ["111122223333"], ["Publish"], Token);

        Assert.Equal(
            $$"""{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{{DefaultStatement}},{"Sid":"AlicePublish","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"SNS:Publish","Resource":"{{Arn}}"}]}""",
            await PolicyAsync(host, topic));
    }

    [Fact]
    public async Task AddPermission_SeveralAccountsAndActions_WritesArrays()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");

        await host.Topics.AddPermissionAsync(topic, "both", ["111122223333", "444455556666"], ["Publish", "Subscribe"], Token);

        var statement = JsonNode.Parse(await PolicyAsync(host, topic))!["Statement"]![1]!;
        Assert.Equal("""["arn:aws:iam::111122223333:root","arn:aws:iam::444455556666:root"]""", statement["Principal"]!["AWS"]!.ToJsonString());
        Assert.Equal("""["SNS:Publish","SNS:Subscribe"]""", statement["Action"]!.ToJsonString());
    }

    [Fact]
    public async Task AddPermission_PolicySetByTheOwner_EditsThatPolicy()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var own = $$$"""{"Version":"2012-10-17","Id":"mine","Statement":{"Sid":"own","Effect":"Allow","Principal":"*","Action":"SNS:Publish","Resource":"{{{Arn}}}"}}""";
        await host.Topics.SetTopicAttributeAsync(topic, "Policy", own, Token);

        await host.Topics.AddPermissionAsync(topic, "added", ["111122223333"], ["Subscribe"], Token);

        var policy = JsonNode.Parse(await PolicyAsync(host, topic))!;
        Assert.Equal("mine", policy["Id"]!.GetValue<string>());
        Assert.Equal(["own", "added"], policy["Statement"]!.AsArray().Select(s => s!["Sid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AddPermission_DuplicateLabel_FailsWithStatementAlreadyExists()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.AddPermissionAsync(topic, "l1", ["111122223333"], ["Publish"], Token);
        var before = await PolicyAsync(host, topic);

        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.AddPermissionAsync(topic, "l1", ["111122223333"], ["Subscribe"], Token));

        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal("Invalid parameter: Statement already exists", failure.Message);
        Assert.Equal(before, await PolicyAsync(host, topic));
    }

    [Theory]
    [InlineData("CreateTopic")]
    [InlineData("Unsubscribe")]
    [InlineData("*")]
    [InlineData("publish")]
    [InlineData("Bogus")]
    public async Task AddPermission_ActionOutsideTheTopicPolicyActions_FailsOutOfServiceScope(string action)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");

        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.AddPermissionAsync(topic, "l1", ["111122223333"], ["Publish", action], Token));

        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal("Invalid parameter: Policy statement action out of service scope!", failure.Message);
    }

    [Theory]
    [InlineData("", "111122223333", "Publish", "Invalid parameter: Label")]
    [InlineData("l1", "", "Publish", "Invalid parameter: AWSAccountId")]
    [InlineData("l1", "not-an-account", "Publish", "Invalid parameter: AWSAccountId Reason: not-an-account is not a 12-digit AWS account ID")]
    [InlineData("l1", "11112222333", "Publish", "Invalid parameter: AWSAccountId Reason: 11112222333 is not a 12-digit AWS account ID")]
    [InlineData("l1", "111122223333", "", "Invalid parameter: ActionName")]
    public async Task AddPermission_InvalidRequest_FailsWithInvalidParameterAndKeepsThePolicy(string label, string account, string action, string message)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var before = await PolicyAsync(host, topic);
        string[] accounts = account.Length == 0 ? [] : [account];
        string[] actions = action.Length == 0 ? [] : [action];

        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.AddPermissionAsync(topic, label, accounts, actions, Token));

        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal(message, failure.Message);
        Assert.Equal(before, await PolicyAsync(host, topic));
    }

    [Fact]
    public async Task AddPermission_BeyondOneHundredStatements_FailsWithInvalidParameter()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        for (var i = 1; i < TopicPolicy.MaximumStatements; i++)
        {
            await host.Topics.AddPermissionAsync(topic, $"l{i}", ["111122223333"], ["Publish"], Token);
        }

        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.AddPermissionAsync(topic, "one-more", ["111122223333"], ["Publish"], Token));

        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal(TopicPolicy.MaximumStatements, JsonNode.Parse(await PolicyAsync(host, topic))!["Statement"]!.AsArray().Count);
    }

    [Fact]
    public async Task UnknownTopic_AddAndRemovePermission_FailWithNotFound()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");

        var add = await Assert.ThrowsAsync<TopicException>(() => host.Topics.AddPermissionAsync(topic + "-missing", "l1", ["111122223333"], ["Publish"], Token));
        var remove = await Assert.ThrowsAsync<TopicException>(() => host.Topics.RemovePermissionAsync(topic + "-missing", "l1", Token));

        Assert.Equal((TopicErrorCode.NotFound, "Topic does not exist"), (add.Code, add.Message));
        Assert.Equal((TopicErrorCode.NotFound, "Topic does not exist"), (remove.Code, remove.Message));
    }

    [Fact]
    public async Task RemovePermission_RemovesOnlyThatStatement_ThenTheDefaultPolicyIsWhatRemains()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.AddPermissionAsync(topic, "a", ["111122223333"], ["Publish"], Token);
        await host.Topics.AddPermissionAsync(topic, "b", ["111122223333"], ["Subscribe"], Token);

        await host.Topics.RemovePermissionAsync(topic, "a", Token);
        var afterOne = JsonNode.Parse(await PolicyAsync(host, topic))!["Statement"]!.AsArray().Select(s => s!["Sid"]!.GetValue<string>()).ToList();
        await host.Topics.RemovePermissionAsync(topic, "b", Token);

        Assert.Equal(["__default_statement_ID", "b"], afterOne);
        Assert.Equal(
            $$"""{"Version":"2008-10-17","Id":"__default_policy_ID","Statement":[{{DefaultStatement}}]}""",
            await PolicyAsync(host, topic));
    }

    [Fact]
    public async Task RemovePermission_UnknownLabel_FailsWithInvalidParameter()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");

        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.RemovePermissionAsync(topic, "nope", Token));

        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal("Invalid parameter: Label Reason: No statement with label nope exists in the topic policy", failure.Message);
    }

    [Fact]
    public async Task AddAndRemovePermission_AfterRestart_ArePersisted()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        await host.Topics.AddPermissionAsync(topic, "kept", ["111122223333"], ["Publish"], Token);
        await host.Topics.AddPermissionAsync(topic, "dropped", ["111122223333"], ["Subscribe"], Token);
        await host.Topics.RemovePermissionAsync(topic, "dropped", Token);

        await host.RestartAsync();

        var statements = JsonNode.Parse(await PolicyAsync(host, topic))!["Statement"]!.AsArray();
        Assert.Equal(["__default_statement_ID", "kept"], statements.Select(s => s!["Sid"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"Statement":[]}""", "Invalid parameter: Policy Error: Statement is missing or empty")]
    [InlineData("""{"Version":"2012-10-17"}""", "Invalid parameter: Policy Error: Statement is missing or empty")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principle":"*","Action":"SNS:Publish"}}""", "Invalid parameter: Policy Error: unknown element Principle in a statement")]
    [InlineData("""{"Statement":{"Effect":"Allow","Action":"SNS:Publish"}}""", "Invalid parameter: Policy Error: a statement has no Principal")]
    [InlineData("""{"Statement":{"Effect":"Maybe","Principal":"*","Action":"SNS:Publish"}}""", "Invalid parameter: Policy Error: Effect must be Allow or Deny")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"*"}}""", "Invalid parameter: Policy Error: a statement has no Action")]
    [InlineData("""{"Version":"2020-01-01","Statement":{"Effect":"Allow","Principal":"*","Action":"SNS:Publish"}}""", "Invalid parameter: Policy Error: Version must be 2008-10-17 or 2012-10-17")]
    [InlineData("""{"Statement":[{"Sid":"a","Effect":"Allow","Principal":"*","Action":"SNS:Publish"},{"Sid":"a","Effect":"Deny","Principal":"*","Action":"SNS:Subscribe"}]}""", "Invalid parameter: Policy Error: duplicate Sid a")]
    [InlineData("""{"Statement":{"Effect":"Allow","Principal":"*","Action":["SNS:Publish","sqs:SendMessage"]}}""", "Invalid parameter: Policy statement action out of service scope!")]
    [InlineData("""["not","an","object"]""", "Invalid parameter: Policy Error: the policy is not a JSON object")]
    public async Task SetTopicAttributes_PolicyAgainstTheGrammar_FailsWithInvalidParameterAndKeepsThePolicy(string policy, string message)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var before = await PolicyAsync(host, topic);

        var failure = await Assert.ThrowsAsync<TopicException>(() => host.Topics.SetTopicAttributeAsync(topic, "Policy", policy, Token));

        Assert.Equal(TopicErrorCode.InvalidParameter, failure.Code);
        Assert.Equal(message, failure.Message);
        Assert.Equal(before, await PolicyAsync(host, topic));
    }

    [Fact]
    public async Task SetTopicAttributes_PolicyWithEveryGrammarElement_IsStoredAsSent()
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t");
        var policy = $$$$"""{"Version":"2008-10-17","Id":"p","Statement":[{"Sid":"s","Effect":"Deny","NotPrincipal":{"AWS":"111122223333"},"NotAction":"sns:Publish","NotResource":"{{{{Arn}}}}","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}""";

        await host.Topics.SetTopicAttributeAsync(topic, "Policy", policy, Token);

        Assert.Equal(policy, await PolicyAsync(host, topic));
    }

    private static async Task<string> PolicyAsync(TopicHost host, string topic) => (await host.Topics.GetTopicAttributesAsync(topic, Token))["Policy"];
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;
using PostOffice.Aws.Protocol;
using PostOffice.Aws.Sqs;
using PostOffice.Aws.Tests.Http;

namespace PostOffice.Aws.Tests.Dispatch;

/// <summary>Routing query requests when a second query service (SNS, later) shares action names with SQS.</summary>
public sealed class AwsServiceRegistryTests
{
    private readonly SqsService _sqs = new(new RecordingQueueService());
    private readonly FakeSnsService _sns = new();

    private AwsServiceRegistry Registry => new([_sqs, _sns]);

    [Theory]
    [InlineData("sqs", "2010-03-31")]
    [InlineData("SQS", null)]
    public void FindForQuery_CredentialScope_DecidesBeforeVersion(string scope, string? version)
    {
        Assert.Same(_sqs, Registry.FindForQuery(scope, version, "AddPermission"));
    }

    [Fact]
    public void FindForQuery_NoScope_FallsBackToVersion()
    {
        Assert.Same(_sns, Registry.FindForQuery(null, "2010-03-31", "AddPermission"));
        Assert.Same(_sqs, Registry.FindForQuery(null, "2012-11-05", "AddPermission"));
    }

    [Fact]
    public void FindForQuery_NeitherScopeNorVersion_UsesAnActionOnlyOneServiceHas()
    {
        Assert.Same(_sqs, Registry.FindForQuery(null, null, "ListQueues"));
        Assert.Same(_sns, Registry.FindForQuery(null, null, "Publish"));
        Assert.Null(Registry.FindForQuery(null, null, "AddPermission"));
    }

    [Fact]
    public void FindForQuery_ScopeOrVersionOfAServiceNotServed_FindsNothing()
    {
        Assert.Null(Registry.FindForQuery("kinesis", "2012-11-05", "ListQueues"));
        Assert.Null(Registry.FindForQuery(null, "1999-01-01", "ListQueues"));
    }

    [Fact]
    public void FindByJsonTarget_Prefix_FindsTheJsonService()
    {
        Assert.Same(_sqs, Registry.FindByJsonTarget("AmazonSQS"));
        Assert.Null(Registry.FindByJsonTarget("amazonsqs"));
    }

    private sealed class FakeSnsService : IAwsService
    {
        public string Name => "SNS";

        public string SigningName => "sns";

        public string? QueryVersion => "2010-03-31";

        public string XmlNamespace => "http://sns.amazonaws.com/doc/2010-03-31/";

        public string? JsonTargetPrefix => null;

        public string JsonContentType => "application/x-amz-json-1.0";

        public bool IsQueryCompatible => false;

        public AwsErrorCatalog Errors => AwsErrorCatalog.Common;

        public AwsActionTable Actions { get; } = new([new NoAction("AddPermission"), new NoAction("Publish")]);
    }

    private sealed class NoAction(string name) : IAwsAction
    {
        public string Name => name;

        public bool HasResult => false;

        public ValueTask ExecuteAsync(AwsRequest request, IAwsOutput output, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

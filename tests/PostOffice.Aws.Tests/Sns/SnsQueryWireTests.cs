using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Aws.Sns;
using PostOffice.Broker.Delivery;
using PostOffice.Broker.Queues;
using PostOffice.Broker.Topics;
using PostOffice.Storage;
using PostOffice.Storage.Log;

namespace PostOffice.Aws.Tests.Sns;

/// <summary>
/// The SNS query protocol on a real Kestrel over real engines: the 2010-03-31 XML shapes (wrapped lists
/// <c>&lt;member&gt;</c>, maps <c>&lt;entry&gt;&lt;key&gt;</c>), service selection and errors in the SNS namespace
/// (https://docs.aws.amazon.com/sns/latest/api/CommonParameters.html, API_ListTopics.html, API_GetTopicAttributes.html).
/// </summary>
public sealed class SnsQueryWireTests : IAsyncLifetime
{
    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "postoffice-tests", Guid.NewGuid().ToString("N"));
    private StorageEngine? _storage;
    private QueueEngine? _queues;
    private TopicEngine? _topics;
    private WebApplication? _app;
    private HttpClient _client = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _queues = new QueueEngine(new QueueEngineOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        _topics = new TopicEngine(new TopicEngineOptions(), _queues, new HttpClientDeliveryTransport(), TimeProvider.System, NullLoggerFactory.Instance);
        _storage = await StorageEngine.OpenAsync(
            new StorageOptions { DataDirectory = _directory },
            (catalog, ct) => CompositeRecoveryHandler.LoadAsync([_queues, _topics], catalog, ct),
            NullLoggerFactory.Instance,
            Token);
        _queues.Attach(_storage.Log);
        _topics.Attach(_storage.Log);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IQueueService>(_queues);
        builder.Services.AddSingleton<ITopicService>(_topics);
        builder.Services.AddAwsProtocols();
        builder.Services.AddSnsProtocol();
        _app = builder.Build();
        _app.MapAwsProtocols();
        _app.MapSnsEndpoints();
        await _app.StartAsync(Token);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _topics?.Dispose();
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        _queues?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task CreateTopicThenList_WritesWrappedMembers()
    {
        var (status, created) = await PostAsync("Action=CreateTopic&Version=2010-03-31&Name=orders&Tags.member.1.Key=team&Tags.member.1.Value=a");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("CreateTopicResponse", created.Name.LocalName);
        Assert.Equal(Sns, created.Name.Namespace);
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:orders", created.Element(Sns + "CreateTopicResult")!.Element(Sns + "TopicArn")!.Value);
        Assert.NotNull(created.Element(Sns + "ResponseMetadata")!.Element(Sns + "RequestId"));

        var (_, listed) = await PostAsync("Action=ListTopics&Version=2010-03-31");
        var member = listed.Element(Sns + "ListTopicsResult")!.Element(Sns + "Topics")!.Element(Sns + "member")!;
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:orders", member.Element(Sns + "TopicArn")!.Value);

        var (_, tags) = await PostAsync("Action=ListTagsForResource&Version=2010-03-31&ResourceArn=arn:aws:sns:us-east-1:000000000000:orders");
        var tag = tags.Descendants(Sns + "Tags").Single().Element(Sns + "member")!;
        Assert.Equal(("team", "a"), (tag.Element(Sns + "Key")!.Value, tag.Element(Sns + "Value")!.Value));
    }

    [Fact]
    public async Task GetTopicAttributes_WritesEntryKeyValue_AndSetTopicAttributesHasNoResult()
    {
        await PostAsync("Action=CreateTopic&Version=2010-03-31&Name=t");
        var (status, set) = await PostAsync("Action=SetTopicAttributes&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:t&AttributeName=DisplayName&AttributeValue=Shown");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(set.Element(Sns + "SetTopicAttributesResult"));

        var (_, attributes) = await PostAsync("Action=GetTopicAttributes&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:t");
        var entries = attributes.Descendants(Sns + "Attributes").Single().Elements(Sns + "entry")
            .ToDictionary(e => e.Element(Sns + "key")!.Value, e => e.Element(Sns + "value")!.Value);
        Assert.Equal("Shown", entries["DisplayName"]);
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:t", entries["TopicArn"]);
        Assert.Equal("0", entries["SubscriptionsConfirmed"]);
    }

    [Fact]
    public async Task MissingTopic_IsNotFound404_InTheSnsNamespace()
    {
        var (status, error) = await PostAsync("Action=GetTopicAttributes&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:nope");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(Sns, error.Name.Namespace);
        Assert.Equal("NotFound", error.Element(Sns + "Error")!.Element(Sns + "Code")!.Value);
        Assert.Equal("Sender", error.Element(Sns + "Error")!.Element(Sns + "Type")!.Value);
    }

    [Fact]
    public async Task CredentialScopeSns_SelectsSns_WithoutVersion()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("Action=ListTopics", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/sns/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await _client.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ListTopicsResponse", XElement.Parse(await response.Content.ReadAsStringAsync(Token)).Name.LocalName);
    }

    [Fact]
    public async Task PublishBatch_ReportsSuccessfulAndFailedMembers()
    {
        await PostAsync("Action=CreateTopic&Version=2010-03-31&Name=b");
        var (status, batch) = await PostAsync(
            "Action=PublishBatch&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:b" +
            "&PublishBatchRequestEntries.member.1.Id=one&PublishBatchRequestEntries.member.1.Message=hi" +
            "&PublishBatchRequestEntries.member.2.Id=two&PublishBatchRequestEntries.member.2.Message=");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("one", batch.Descendants(Sns + "Successful").Single().Element(Sns + "member")!.Element(Sns + "Id")!.Value);
        var failed = batch.Descendants(Sns + "Failed").Single().Element(Sns + "member")!;
        Assert.Equal(("two", "InvalidParameter", "true"), (failed.Element(Sns + "Id")!.Value, failed.Element(Sns + "Code")!.Value, failed.Element(Sns + "SenderFault")!.Value));

        var (emptyStatus, empty) = await PostAsync("Action=PublishBatch&Version=2010-03-31&TopicArn=arn:aws:sns:us-east-1:000000000000:b");
        Assert.Equal(HttpStatusCode.BadRequest, emptyStatus);
        Assert.Equal("EmptyBatchRequest", empty.Descendants(Sns + "Code").Single().Value);
    }

    [Fact]
    public async Task SigningCertificate_IsServedAsPem()
    {
        using var response = await _client.GetAsync(new Uri(TopicEngine.SigningCertificatePath, UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, XElement Body)> PostAsync(string form)
    {
        using var content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync(new Uri("/", UriKind.Relative), content, Token);
        return (response.StatusCode, XElement.Parse(await response.Content.ReadAsStringAsync(Token)));
    }
}

using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PostOffice.Broker.Queues;

namespace PostOffice.Aws.Tests.Http;

/// <summary>The AWS endpoints on a real Kestrel at 127.0.0.1 (a free port), over a <see cref="RecordingQueueService"/>.</summary>
public sealed class AwsTestServer : IAsyncDisposable
{
    /// <summary>What the SDKs send: SigV4 with an access key id and a credential scope (the signature is not checked).</summary>
    public const string Authorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261121/eu-west-1/sqs/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0123";

    private readonly WebApplication _app;

    private AwsTestServer(WebApplication app, RecordingQueueService queues, Uri address)
    {
        _app = app;
        Queues = queues;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public RecordingQueueService Queues { get; }

    public Uri Address { get; }

    /// <summary>The authority as clients send it in Host, which queue URLs in responses use.</summary>
    public string Host => Address.Authority;

    public HttpClient Client { get; }

    public static async Task<AwsTestServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var queues = new RecordingQueueService();
        builder.Services.AddSingleton<IQueueService>(queues);
        builder.Services.AddAwsProtocols();
        var app = builder.Build();
        app.MapAwsProtocols();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AwsTestServer(app, queues, new Uri(address));
    }

    /// <summary>A JSON-protocol call as botocore and SDK v3 make it.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string action, string body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"AmazonSQS.{action}");
        request.Headers.TryAddWithoutValidation("x-amzn-query-mode", "true");
        request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        return Client.SendAsync(request, cancellationToken);
    }

    /// <summary>A query-protocol call as botocore 1.29 (AWS CLI v2.9, boto3 1.26) makes it: a form body.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string form, CancellationToken cancellationToken, string path = "/", string? authorization = Authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(form, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Client.SendAsync(request, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

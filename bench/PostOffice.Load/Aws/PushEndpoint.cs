using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PostOffice.Load.Aws;

/// <summary>
/// The HTTP endpoint an SNS topic pushes to: Kestrel on 127.0.0.1 at a free port, answering every POST with 200 at
/// once. A SubscriptionConfirmation (https://docs.aws.amazon.com/sns/latest/dg/http-subscription-confirmation-json.html)
/// hands its token to <see cref="Confirmation"/>; a notification is counted by <see cref="Counter"/>, timed from the
/// moment its request reached the handler.
/// </summary>
internal sealed class PushEndpoint : IAsyncDisposable
{
    private const string MessageTypeHeader = "x-amz-sns-message-type";

    private readonly TaskCompletionSource<SubscriptionConfirmation> _confirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;
    private DeliveryCounter? _counter;

    private PushEndpoint()
    {
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The first SubscriptionConfirmation that arrived.</summary>
    public Task<SubscriptionConfirmation> Confirmation => _confirmation.Task;

    /// <summary>Set before publishing starts; a notification that arrives while it is null is answered and not counted.</summary>
    public DeliveryCounter? Counter
    {
        get => Volatile.Read(ref _counter);
        set => Volatile.Write(ref _counter, value);
    }

    public static async Task<PushEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = new PushEndpoint();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(endpoint.HandleAsync);
        await app.StartAsync(cancellationToken);
        endpoint._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        endpoint.Url = new Uri(new Uri(address), "/sns");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token);
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var received = Stopwatch.GetTimestamp();
        var body = await ReadBodyAsync(context.Request);
        context.Response.StatusCode = StatusCodes.Status200OK;
        var type = context.Request.Headers[MessageTypeHeader].ToString();
        var stamped = LoadStamp.TryRead(body, out _, out _);

        // Some peers send no x-amz-sns-message-type header; their confirmations are told apart by the missing stamp.
        if (type == "SubscriptionConfirmation" || (type.Length == 0 && !stamped))
        {
            if (ReadConfirmation(body) is { } confirmation)
            {
                _confirmation.TrySetResult(confirmation);
                return;
            }
        }

        if (type is "SubscriptionConfirmation" or "UnsubscribeConfirmation")
        {
            return;
        }

        Counter?.Record(body, received);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static SubscriptionConfirmation? ReadConfirmation(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("Type", out var type) && type.ValueEquals("SubscriptionConfirmation")
                && root.TryGetProperty("Token", out var token) && token.GetString() is { } tokenText
                && root.TryGetProperty("TopicArn", out var topic) && topic.GetString() is { } topicArn
                ? new SubscriptionConfirmation(topicArn, tokenText, root.TryGetProperty("SubscribeURL", out var url) ? url.GetString() : null)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

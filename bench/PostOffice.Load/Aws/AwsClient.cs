using System.Net;
using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>
/// Sends signed POSTs to one endpoint, the way the AWS SDKs do for the JSON protocols (SQS, Kinesis) and the query
/// protocol (SNS). One HTTP/1.1 connection per concurrent client, kept alive.
/// </summary>
internal sealed class AwsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly Dictionary<string, SigV4Signer> _signers = [];
    private readonly AwsCredentials _credentials;
    private readonly string _region;

    public AwsClient(Uri endpoint, AwsCredentials credentials, string region, int connections, TimeSpan requestTimeout)
    {
        _endpoint = endpoint;
        _credentials = credentials;
        _region = region;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = requestTimeout,
        };
    }

    public Uri Endpoint => _endpoint;

    /// <summary>AWS JSON protocol: X-Amz-Target names the operation, e.g. "AmazonSQS.SendMessage".</summary>
    public Task<AwsResponse> PostJsonAsync(string service, string jsonVersion, string target, byte[] body, CancellationToken cancellationToken) =>
        PostAsync(service, $"application/x-amz-json-{jsonVersion}", target, body, cancellationToken);

    /// <summary>AWS query protocol: a form body with Action and Version.</summary>
    public Task<AwsResponse> PostQueryAsync(string service, string body, CancellationToken cancellationToken) =>
        PostAsync(service, "application/x-www-form-urlencoded; charset=utf-8", target: null, Encoding.UTF8.GetBytes(body), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<AwsResponse> PostAsync(string service, string contentType, string? target, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        var now = DateTime.UtcNow;
        var amzDate = SigV4Signer.FormatAmzDate(now);
        var headers = new List<KeyValuePair<string, string>>(4)
        {
            KeyValuePair.Create("content-type", contentType),
            KeyValuePair.Create("host", _endpoint.Authority),
            KeyValuePair.Create("x-amz-date", amzDate),
        };
        if (target is not null)
        {
            headers.Add(KeyValuePair.Create("x-amz-target", target));
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", SignerFor(service).Sign("POST", _endpoint.AbsolutePath, string.Empty, headers, body, now));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new AwsResponse((int)response.StatusCode, bytes);
    }

    private SigV4Signer SignerFor(string service)
    {
        lock (_signers)
        {
            if (!_signers.TryGetValue(service, out var signer))
            {
                signer = new SigV4Signer(_credentials, _region, service);
                _signers.Add(service, signer);
            }

            return signer;
        }
    }
}

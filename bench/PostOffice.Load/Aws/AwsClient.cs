using PostOffice.Load.Aws.Http;

namespace PostOffice.Load.Aws;

/// <summary>
/// Sends signed POSTs to one endpoint, the way the AWS SDKs do for the JSON protocols (SQS, Kinesis) and the query
/// protocol (SNS). One HTTP/1.1 connection per concurrent client, kept alive when the server allows it.
/// </summary>
/// <remarks>
/// The tool shares the machine's cores with the server it measures, so a request should cost the client as little as
/// possible, as in wrk or h2load: requests are prebuilt byte arrays, signed once per second for each distinct body
/// (<see cref="SignedRequestCache"/>), sent in one write over a raw socket and answered into a reused buffer
/// (<see cref="HttpClientConnection"/>). Failures surface as HttpClient's would: <see cref="HttpRequestException"/>
/// for connection and protocol errors, <see cref="TaskCanceledException"/> for the request timeout.
/// </remarks>
internal sealed class AwsClient : IDisposable
{
    private const string QueryContentType = "application/x-www-form-urlencoded; charset=utf-8";
    private const string Json10ContentType = "application/x-amz-json-1.0";
    private const string Json11ContentType = "application/x-amz-json-1.1";

    private readonly Uri _endpoint;
    private readonly HttpConnectionPool _connections;
    private readonly SignedRequestCache _requests;

    public AwsClient(Uri endpoint, AwsCredentials credentials, string region, int connections, TimeSpan requestTimeout)
    {
        _endpoint = endpoint;
        _connections = new HttpConnectionPool(new HttpEndpoint(endpoint), connections, requestTimeout);
        _requests = new SignedRequestCache(new AwsRequestWriter(endpoint, credentials, region));
    }

    public Uri Endpoint => _endpoint;

    /// <summary>AWS JSON protocol: X-Amz-Target names the operation, e.g. "AmazonSQS.SendMessage".</summary>
    public Task<AwsResponse> PostJsonAsync(string service, string jsonVersion, string target, byte[] body, CancellationToken cancellationToken)
    {
        var contentType = jsonVersion switch
        {
            "1.0" => Json10ContentType,
            "1.1" => Json11ContentType,
            _ => $"application/x-amz-json-{jsonVersion}",
        };
        return PostAsync(new SignedRequestKey(service, contentType, target, body), cancellationToken);
    }

    /// <summary>AWS query protocol: a form body with Action and Version.</summary>
    public Task<AwsResponse> PostQueryAsync(string service, string body, CancellationToken cancellationToken) =>
        PostAsync(new SignedRequestKey(service, QueryContentType, target: null, body), cancellationToken);

    public void Dispose() => _connections.Dispose();

    private async Task<AwsResponse> PostAsync(SignedRequestKey key, CancellationToken cancellationToken)
    {
        var connection = await _connections.RentAsync(cancellationToken);
        try
        {
            var request = _requests.GetRequest(key, connection.RequestBuffer);
            return await connection.ExchangeAsync(request, cancellationToken);
        }
        finally
        {
            _connections.Return(connection);
        }
    }
}

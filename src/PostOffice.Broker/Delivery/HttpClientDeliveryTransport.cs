using System.Net.Http.Headers;
using System.Text;

namespace PostOffice.Broker.Delivery;

/// <summary>
/// POSTs with <see cref="HttpClient"/>. AWS gives an HTTP/S endpoint 15 seconds to answer
/// (https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html); a slower answer counts as a failure.
/// </summary>
public sealed class HttpClientDeliveryTransport : IHttpDeliveryTransport, IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly HttpClient _client;

    public HttpClientDeliveryTransport()
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = Timeout,
            AllowAutoRedirect = false,
        })
        {
            Timeout = Timeout,
        };
    }

    public async Task<int?> PostAsync(Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> headers, string contentType, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var type) ? type : new MediaTypeHeaderValue("text/plain") { CharSet = "UTF-8" };
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}

using System.Net;

namespace PostOffice.Load.Aws.Http;

/// <summary>Where an <c>http://</c> or <c>https://</c> endpoint's connections go, and its authority for messages.</summary>
internal sealed class HttpEndpoint
{
    public HttpEndpoint(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"only http:// and https:// endpoints are supported, not {uri.Scheme}://", nameof(uri));
        }

        UseTls = uri.Scheme == Uri.UriSchemeHttps;
        Host = uri.IdnHost;
        Authority = uri.Authority;
        Address = IPAddress.TryParse(uri.DnsSafeHost, out var address) ? address : null;
        EndPoint = Address is null ? new DnsEndPoint(uri.DnsSafeHost, uri.Port) : new IPEndPoint(Address, uri.Port);
    }

    /// <summary>Host and port as the URI gives them ("127.0.0.1:4566", "[::1]:4566", "localhost:4566").</summary>
    public string Authority { get; }

    /// <summary>The host name TLS checks the server's certificate against.</summary>
    public string Host { get; }

    /// <summary>https: the connection runs TLS over the socket.</summary>
    public bool UseTls { get; }

    /// <summary>The address when the host is an IP literal; null for a name, resolved at each connect.</summary>
    public IPAddress? Address { get; }

    public EndPoint EndPoint { get; }
}

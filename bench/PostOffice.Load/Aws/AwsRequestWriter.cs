using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>
/// Serializes a signed AWS POST as HTTP/1.1 bytes, head and body together, with the headers an SDK sends:
/// <code>
/// POST / HTTP/1.1
/// Host: 127.0.0.1:4566
/// Content-Type: application/x-amz-json-1.0
/// X-Amz-Target: AmazonSQS.SendMessage        (JSON protocols only)
/// X-Amz-Date: 20150830T123600Z
/// Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...
/// Content-Length: 312
/// </code>
/// </summary>
internal sealed class AwsRequestWriter
{
    private readonly AwsCredentials _credentials;
    private readonly string _region;
    private readonly string _canonicalUri;
    private readonly string _host;
    private readonly byte[] _requestLineAndHost;
    private readonly Dictionary<string, SigV4PostSigner> _signers = [];
    private readonly Lock _gate = new();

    public AwsRequestWriter(Uri endpoint, AwsCredentials credentials, string region)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _credentials = credentials;
        _region = region;
        _canonicalUri = endpoint.AbsolutePath;
        _host = endpoint.Authority;
        _requestLineAndHost = Encoding.ASCII.GetBytes($"POST {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\n");
    }

    /// <summary>Appends the request for <paramref name="key"/> to <paramref name="destination"/>.</summary>
    /// <param name="payloadHash">SHA-256 of <paramref name="body"/>.</param>
    public void Write(IBufferWriter<byte> destination, in SignedRequestKey key, AmzDateStamp date, ReadOnlySpan<byte> payloadHash, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(date);
        destination.Write(_requestLineAndHost);
        destination.Write("Content-Type: "u8);
        Encoding.UTF8.GetBytes(key.ContentType, destination);
        if (key.Target is not null)
        {
            destination.Write("\r\nX-Amz-Target: "u8);
            Encoding.UTF8.GetBytes(key.Target, destination);
        }

        destination.Write("\r\nX-Amz-Date: "u8);
        destination.Write(date.AmzDate);
        destination.Write("\r\nAuthorization: "u8);
        SignerFor(key.Service).WriteAuthorization(destination, date, key.ContentType, key.Target, payloadHash);
        destination.Write("\r\nContent-Length: "u8);
        var digits = destination.GetSpan(11);
        Utf8Formatter.TryFormat(body.Length, digits, out var written);
        destination.Advance(written);
        destination.Write("\r\n\r\n"u8);
        destination.Write(body);
    }

    private SigV4PostSigner SignerFor(string service)
    {
        lock (_gate)
        {
            if (!_signers.TryGetValue(service, out var signer))
            {
                signer = new SigV4PostSigner(_credentials, _region, service, _canonicalUri, _host);
                _signers.Add(service, signer);
            }

            return signer;
        }
    }
}

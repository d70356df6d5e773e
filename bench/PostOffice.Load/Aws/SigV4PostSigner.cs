using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>
/// SigV4 for the requests <see cref="AwsClient"/> sends to one service: POST, no query, and the fixed signed headers
/// content-type, host, x-amz-date and (JSON protocols) x-amz-target. It gives the Authorization value that
/// <see cref="SigV4Signer.Sign"/> gives for the same request, but writes the canonical request and the string to sign
/// into one stack buffer as UTF-8 instead of building strings, since these names are already lower-case and sorted.
/// </summary>
internal sealed class SigV4PostSigner
{
    public const int PayloadHashBytes = 32;

    private const int StackBufferBytes = 1024;

    private readonly AwsCredentials _credentials;
    private readonly string _region;
    private readonly string _service;
    private readonly string _canonicalUri;
    private readonly string _host;
    private DatedScope? _scope;

    public SigV4PostSigner(AwsCredentials credentials, string region, string service, string canonicalUri, string host)
    {
        _credentials = credentials;
        _region = region;
        _service = service;
        _canonicalUri = canonicalUri;
        _host = host;
        RequireCanonical(host);
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>
    /// Appends the Authorization header value for a request at <paramref name="date"/> whose body has the SHA-256
    /// <paramref name="payloadHash"/>. Header values must already be in canonical form (no surrounding or doubled
    /// spaces, no line breaks), as the content types and targets of the AWS protocols are.
    /// </summary>
    public void WriteAuthorization(IBufferWriter<byte> destination, AmzDateStamp date, string contentType, string? target, ReadOnlySpan<byte> payloadHash)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(date);
        ArgumentOutOfRangeException.ThrowIfNotEqual(payloadHash.Length, PayloadHashBytes);
        RequireCanonical(contentType);
        if (target is not null)
        {
            RequireCanonical(target);
        }

        var scope = ScopeFor(date.Date);
        var signedHeaders = target is null ? "content-type;host;x-amz-date"u8 : "content-type;host;x-amz-date;x-amz-target"u8;
        var maxBytes = 256 + scope.Scope.Length + Encoding.UTF8.GetMaxByteCount(_canonicalUri.Length + contentType.Length + _host.Length + (target?.Length ?? 0));
        byte[]? rented = null;
        var buffer = maxBytes <= StackBufferBytes ? stackalloc byte[StackBufferBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            // Canonical request: method, URI, query (empty), headers each ending in a newline, a newline, signed
            // headers, payload hash.
            var canonical = new SpanAppender(buffer);
            canonical.Append("POST\n"u8);
            canonical.Append(_canonicalUri);
            canonical.Append("\n\ncontent-type:"u8);
            canonical.Append(contentType);
            canonical.Append("\nhost:"u8);
            canonical.Append(_host);
            canonical.Append("\nx-amz-date:"u8);
            canonical.Append(date.AmzDate);
            if (target is not null)
            {
                canonical.Append("\nx-amz-target:"u8);
                canonical.Append(target);
            }

            canonical.Append("\n\n"u8);
            canonical.Append(signedHeaders);
            canonical.Append("\n"u8);
            canonical.AppendHex(payloadHash);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(canonical.Written, hash);

            // String to sign: algorithm, date-time, scope, hex SHA-256 of the canonical request.
            var stringToSign = new SpanAppender(buffer);
            stringToSign.Append("AWS4-HMAC-SHA256\n"u8);
            stringToSign.Append(date.AmzDate);
            stringToSign.Append("\n"u8);
            stringToSign.Append(scope.Scope);
            stringToSign.Append("\n"u8);
            stringToSign.AppendHex(hash);
            HMACSHA256.HashData(scope.Key, stringToSign.Written, hash);

            destination.Write(scope.CredentialPrefix);
            destination.Write(signedHeaders);
            destination.Write(", Signature="u8);
            var signature = destination.GetSpan(64);
            WriteHex(hash, signature);
            destination.Advance(64);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void WriteHex(ReadOnlySpan<byte> value, Span<byte> destination)
    {
        for (var i = 0; i < value.Length; i++)
        {
            destination[2 * i] = HexDigits[value[i] >> 4];
            destination[(2 * i) + 1] = HexDigits[value[i] & 0xF];
        }
    }

    private static void RequireCanonical(string value)
    {
        // SigV4 signs header values trimmed, with inner runs of spaces collapsed; HTTP forbids line breaks in them.
        if (value.Length > 0 && (value[0] == ' ' || value[^1] == ' ' || value.Contains("  ", StringComparison.Ordinal) || value.AsSpan().IndexOfAny('\r', '\n', '\t') >= 0))
        {
            throw new ArgumentException($"header value \"{value}\" is not in canonical form", nameof(value));
        }
    }

    private DatedScope ScopeFor(string date)
    {
        // The key and scope change once a day; a load signs thousands of requests a second with the same ones.
        if (Volatile.Read(ref _scope) is { } cached && cached.Date == date)
        {
            return cached;
        }

        var scope = $"{date}/{_region}/{_service}/aws4_request";
        var dated = new DatedScope(
            date,
            SigV4Signer.SigningKey(_credentials.SecretAccessKey, date, _region, _service),
            Encoding.UTF8.GetBytes(scope),
            Encoding.UTF8.GetBytes($"{SigV4Signer.Algorithm} Credential={_credentials.AccessKeyId}/{scope}, SignedHeaders="));
        Volatile.Write(ref _scope, dated);
        return dated;
    }

    private sealed record DatedScope(string Date, byte[] Key, byte[] Scope, byte[] CredentialPrefix);

    private ref struct SpanAppender(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public void Append(scoped ReadOnlySpan<byte> value)
        {
            value.CopyTo(_buffer[_length..]);
            _length += value.Length;
        }

        public void Append(string value) => _length += Encoding.UTF8.GetBytes(value, _buffer[_length..]);

        public void AppendHex(scoped ReadOnlySpan<byte> value)
        {
            WriteHex(value, _buffer.Slice(_length, value.Length * 2));
            _length += value.Length * 2;
        }
    }
}

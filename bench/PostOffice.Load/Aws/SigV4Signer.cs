using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PostOffice.Load.Aws;

/// <summary>
/// AWS Signature Version 4 for requests signed in the Authorization header: canonical request, string to sign,
/// the HMAC-SHA256 key chain (date, region, service, "aws4_request") and the header itself. Checked against AWS's
/// published test suite vectors (get-vanilla, post-x-www-form-urlencoded, ...).
/// </summary>
public sealed class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private readonly AwsCredentials _credentials;
    private readonly string _region;
    private readonly string _service;
    private DatedKey? _cachedKey;

    public SigV4Signer(AwsCredentials credentials, string region, string service)
    {
        _credentials = credentials;
        _region = region;
        _service = service;
    }

    /// <summary>The Authorization header value for a request with the given (already present) headers.</summary>
    public string Sign(string method, string path, string canonicalQuery, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> payload, DateTime utcNow)
    {
        var amzDate = FormatAmzDate(utcNow);
        var date = amzDate[..8];
        var canonicalHeaders = CanonicalHeaders(headers, out var signedHeaders);
        var canonicalRequest = CanonicalRequest(method, path, canonicalQuery, canonicalHeaders, signedHeaders, HexSha256(payload));
        var scope = $"{date}/{_region}/{_service}/aws4_request";
        var stringToSign = StringToSign(amzDate, scope, canonicalRequest);
        var key = SigningKeyFor(date);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return $"{Algorithm} Credential={_credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    public static string FormatAmzDate(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Method, canonical URI, canonical query string, canonical headers (each ending in a newline), signed headers
    /// and the hex SHA-256 of the payload, joined by newlines.
    /// </summary>
    public static string CanonicalRequest(string method, string path, string canonicalQuery, string canonicalHeaders, string signedHeaders, string payloadHash) =>
        $"{method}\n{path}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";

    /// <summary>Lower-case names, sorted; values trimmed with inner runs of spaces collapsed; duplicates joined by commas.</summary>
    public static string CanonicalHeaders(IReadOnlyList<KeyValuePair<string, string>> headers, out string signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var grouped = headers
            .GroupBy(header => header.Key.ToLowerInvariant())
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (Name: group.Key, Value: string.Join(',', group.Select(header => CollapseSpaces(header.Value)))))
            .ToList();
        signedHeaders = string.Join(';', grouped.Select(header => header.Name));
        var builder = new StringBuilder();
        foreach (var (name, value) in grouped)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Parameters sorted by encoded name then value, each RFC 3986-encoded (unreserved characters kept).</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Select(parameter => (Name: UriEncode(parameter.Key), Value: UriEncode(parameter.Value)))
            .OrderBy(parameter => parameter.Name, StringComparer.Ordinal)
            .ThenBy(parameter => parameter.Value, StringComparer.Ordinal)
            .Select(parameter => $"{parameter.Name}={parameter.Value}"));

    public static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>RFC 3986 percent-encoding with upper-case hex, keeping A-Z a-z 0-9 - . _ ~ (SigV4's UriEncode).</summary>
    public static string UriEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value)
    {
        var trimmed = value.Trim();
        if (!trimmed.Contains("  ", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var builder = new StringBuilder(trimmed.Length);
        var previousSpace = false;
        foreach (var c in trimmed)
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            builder.Append(c);
            previousSpace = c == ' ';
        }

        return builder.ToString();
    }

    private byte[] SigningKeyFor(string date)
    {
        // The key changes once a day; a load signs thousands of requests a second with the same one.
        if (Volatile.Read(ref _cachedKey) is { } cached && cached.Date == date)
        {
            return cached.Key;
        }

        var key = SigningKey(_credentials.SecretAccessKey, date, _region, _service);
        Volatile.Write(ref _cachedKey, new DatedKey(date, key));
        return key;
    }

    private sealed record DatedKey(string Date, byte[] Key);
}

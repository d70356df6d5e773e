namespace PostOffice.Aws.Dispatch;

/// <summary>
/// The credential of a SigV4-signed request: <c>AKID/20240101/us-east-1/sqs/aws4_request</c>, from the
/// <c>Authorization</c> header or a presigned URL's <c>X-Amz-Credential</c>. The signature is not verified here.
/// </summary>
internal readonly record struct SigV4CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    private const string CredentialKey = "Credential=";

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=..., Signature=...</c>.</summary>
    public static bool TryParseAuthorization(string? authorization, out SigV4CredentialScope scope)
    {
        scope = default;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("AWS4-", StringComparison.Ordinal))
        {
            return false;
        }

        var start = authorization.IndexOf(CredentialKey, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var credential = authorization.AsSpan(start + CredentialKey.Length);
        var end = credential.IndexOfAny(", ");
        return TryParseCredential(end < 0 ? credential : credential[..end], out scope);
    }

    /// <summary>Parses <c>AKID/date/region/service/aws4_request</c>.</summary>
    public static bool TryParseCredential(ReadOnlySpan<char> credential, out SigV4CredentialScope scope)
    {
        scope = default;
        Span<Range> parts = stackalloc Range[6];
        if (credential.Split(parts, '/') != 5 || !credential[parts[4]].SequenceEqual("aws4_request"))
        {
            return false;
        }

        for (var i = 0; i < 4; i++)
        {
            if (credential[parts[i]].IsEmpty)
            {
                return false;
            }
        }

        scope = new SigV4CredentialScope(
            credential[parts[0]].ToString(), credential[parts[1]].ToString(), credential[parts[2]].ToString(), credential[parts[3]].ToString());
        return true;
    }
}

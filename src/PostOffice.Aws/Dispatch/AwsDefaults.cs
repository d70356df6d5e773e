namespace PostOffice.Aws.Dispatch;

/// <summary>What the edge assumes until identities exist (ARCH §6): one account, one default region.</summary>
internal static class AwsDefaults
{
    /// <summary>The account every queue URL and ARN belongs to; also the SenderId of unsigned requests.</summary>
    public const string AccountId = "000000000000";

    /// <summary>The region of requests that carry no SigV4 credential scope.</summary>
    public const string Region = "us-east-1";

    /// <summary>
    /// Largest request body read: a 1 MiB SendMessageBatch grows up to threefold when form-encoded (%XX per byte) or
    /// JSON-escaped (\uXXXX per non-ASCII character, as botocore sends), plus room for attributes and names.
    /// </summary>
    public const int MaxRequestBodyBytes = 8 * 1024 * 1024;
}

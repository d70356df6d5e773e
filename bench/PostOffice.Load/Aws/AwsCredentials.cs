namespace PostOffice.Load.Aws;

/// <summary>Static test credentials; the defaults are AWS's documented example key pair, which signs nothing real.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey)
{
    public static AwsCredentials Test { get; } = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
}

namespace PostOffice.Load.Aws;

/// <summary>The endpoint does not offer the API a run needs: its setup request failed.</summary>
public sealed class AwsUnavailableException : Exception
{
    public AwsUnavailableException()
    {
    }

    public AwsUnavailableException(string message)
        : base(message)
    {
    }

    public AwsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

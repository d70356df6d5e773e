namespace PostOffice.Load.Aws;

/// <summary>
/// What one request (or one receive-delete cycle) did: how many messages or records it carried, the error if it
/// failed, and whether the data to read has run out.
/// </summary>
internal readonly record struct AwsOutcome(int Messages, string? Error, bool Exhausted = false)
{
    public static AwsOutcome Failed(AwsResponse response) => new(0, response.Describe());
}

using PostOffice.Aws.Errors;

namespace PostOffice.Aws.Protocol;

internal static class AwsInputExtensions
{
    /// <summary>A required string member; MissingParameter when absent.</summary>
    public static string RequireString(this IAwsInput input, AwsMember member) =>
        input.GetString(member) ?? throw AwsProtocolException.MissingParameter(input.NameOf(member));

    /// <summary>A required integer member; MissingParameter when absent.</summary>
    public static int RequireInt32(this IAwsInput input, AwsMember member) =>
        input.GetInt32(member) ?? throw AwsProtocolException.MissingParameter(input.NameOf(member));
}

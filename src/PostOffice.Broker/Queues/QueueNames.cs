using System.Buffers;

namespace PostOffice.Broker.Queues;

/// <summary>Queue name and ARN rules.</summary>
internal static class QueueNames
{
    public const string FifoSuffix = ".fifo";

    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    /// <summary>1-80 characters: alphanumerics, hyphens and underscores, plus the ".fifo" suffix for FIFO queues.</summary>
    public static bool IsValid(string name, bool fifo)
    {
        if (name.Length is 0 or > 80)
        {
            return false;
        }

        var stem = name.EndsWith(FifoSuffix, StringComparison.Ordinal) ? name[..^FifoSuffix.Length] : name;
        if (fifo != (stem.Length != name.Length) || stem.Length == 0)
        {
            return false;
        }

        return !stem.AsSpan().ContainsAnyExcept(NameCharacters);
    }

    public static string Arn(QueueEngineOptions options, string name) => $"arn:aws:sqs:{options.Region}:{options.AccountId}:{name}";

    /// <summary>The queue name of an SQS ARN (arn:aws:sqs:region:account:name), or null.</summary>
    public static string? NameFromArn(string? arn)
    {
        if (arn is null)
        {
            return null;
        }

        var parts = arn.Split(':');
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "sqs" && parts[5].Length > 0 ? parts[5] : null;
    }
}

using PostOffice.Aws.Dispatch;
using PostOffice.Aws.Errors;

namespace PostOffice.Aws.Sqs;

/// <summary>
/// Queue URLs: <c>{scheme}://{host}/{accountId}/{queueName}</c>. Responses use the host the client called, so a
/// client that follows a URL reaches this server; requests may name a queue by a URL of any host, or by the request
/// path when a client posts to the queue URL itself.
/// </summary>
internal static class SqsQueueUrl
{
    public static string For(AwsRequest request, string queueName) => $"{request.Endpoint}/{request.AccountId}/{queueName}";

    /// <summary>The queue an action addresses: its QueueUrl parameter, else the request path.</summary>
    public static string ResolveQueueName(AwsRequest request)
    {
        if (request.Input.GetString(SqsMembers.QueueUrl) is { } url)
        {
            return TryGetQueueName(url, out var name)
                ? name
                : throw new AwsProtocolException(AwsErrorCodes.InvalidAddress, $"The address {url} is not valid for this endpoint.");
        }

        return TryGetQueueName(request.Path, out var fromPath)
            ? fromPath
            : throw AwsProtocolException.MissingParameter(request.Input.NameOf(SqsMembers.QueueUrl));
    }

    /// <summary>Takes the queue name from <c>http://host:port/{accountId}/{queueName}</c> or <c>/{accountId}/{queueName}</c>.</summary>
    public static bool TryGetQueueName(string url, out string queueName)
    {
        queueName = string.Empty;
        var path = url.AsSpan();
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            path = path[(scheme + 3)..];
            var slash = path.IndexOf('/');
            if (slash < 0)
            {
                return false;
            }

            path = path[slash..];
        }

        var end = path.IndexOfAny('?', '#');
        if (end >= 0)
        {
            path = path[..end];
        }

        path = path.Trim('/');
        var separator = path.IndexOf('/');
        if (separator <= 0 || separator == path.Length - 1 || path[(separator + 1)..].Contains('/'))
        {
            return false;
        }

        queueName = path[(separator + 1)..].ToString();
        return true;
    }
}

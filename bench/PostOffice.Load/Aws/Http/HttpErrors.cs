using System.Diagnostics.CodeAnalysis;

namespace PostOffice.Load.Aws.Http;

/// <summary>
/// The exceptions the connection throws, shaped like HttpClient's so that callers written for it keep working:
/// transport and protocol failures are <see cref="HttpRequestException"/>s, a request that ran past its timeout is a
/// <see cref="TaskCanceledException"/> around a <see cref="TimeoutException"/>.
/// </summary>
internal static class HttpErrors
{
    [DoesNotReturn]
    public static void ThrowInvalidResponse(string reason) =>
        throw new HttpRequestException(HttpRequestError.InvalidResponse, $"The server returned an invalid HTTP response: {reason}.");

    public static HttpRequestException ResponseEnded(string authority) =>
        new(HttpRequestError.ResponseEnded, $"The response ended prematurely: {authority} closed the connection.");

    public static HttpRequestException ConnectionFailed(string authority, Exception inner) =>
        new(HttpRequestError.ConnectionError, $"{inner.Message} ({authority})", inner);

    public static HttpRequestException TransportFailed(string authority, Exception inner) =>
        new(HttpRequestError.Unknown, $"An error occurred while sending the request to {authority}: {inner.Message}", inner);

    public static TaskCanceledException TimedOut(TimeSpan timeout) =>
        new(
            FormattableString.Invariant($"The request was canceled due to the configured request timeout of {timeout.TotalSeconds:0.###} seconds elapsing."),
            new TimeoutException(FormattableString.Invariant($"No complete response within {timeout.TotalSeconds:0.###} s.")));
}

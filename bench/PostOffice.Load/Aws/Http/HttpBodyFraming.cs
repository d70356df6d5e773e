namespace PostOffice.Load.Aws.Http;

/// <summary>How the end of a response body is found (RFC 9112 §6.3).</summary>
internal enum HttpBodyFraming
{
    /// <summary>No body: 1xx, 204 and 304 responses.</summary>
    None,

    /// <summary>Exactly Content-Length bytes.</summary>
    ContentLength,

    /// <summary>Transfer-Encoding ending in chunked.</summary>
    Chunked,

    /// <summary>Neither length nor chunked: the body ends when the server closes the connection.</summary>
    UntilClose,
}

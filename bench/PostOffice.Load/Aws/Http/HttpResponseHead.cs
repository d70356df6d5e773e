namespace PostOffice.Load.Aws.Http;

/// <summary>
/// The status line and the headers of a response that matter to a client reading it: its status, where the body
/// starts and ends, and whether the connection may carry another request afterwards.
/// </summary>
/// <param name="MinorVersion">0 for HTTP/1.0, 1 for HTTP/1.1.</param>
/// <param name="Status">The three-digit status code.</param>
/// <param name="Length">Bytes of the status line and header section, including the empty line that ends them.</param>
/// <param name="Framing">How the body is delimited.</param>
/// <param name="ContentLength">The body's length when <paramref name="Framing"/> is <see cref="HttpBodyFraming.ContentLength"/>.</param>
/// <param name="KeepAlive">
/// Persistent after this response: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "Connection: keep-alive".
/// </param>
internal readonly record struct HttpResponseHead(int MinorVersion, int Status, int Length, HttpBodyFraming Framing, long ContentLength, bool KeepAlive);

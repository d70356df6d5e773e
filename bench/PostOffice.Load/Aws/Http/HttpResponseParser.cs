using System.Buffers.Text;
using System.Text;

namespace PostOffice.Load.Aws.Http;

/// <summary>
/// Parses the head of an HTTP/1.x response (RFC 9112): the status line, then header fields up to an empty line.
/// Only the fields that frame the body or decide the connection's reuse are read; the others are skipped.
/// </summary>
/// <remarks>
/// <c>status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF</c>, and
/// <c>field-line = field-name ":" OWS field-value OWS</c>. A bare LF ends a line too (RFC 9112 §2.2 lets a
/// recipient accept it).
/// </remarks>
internal static class HttpResponseParser
{
    /// <summary>
    /// The head at the start of <paramref name="buffer"/>; false while its empty line has not arrived. Throws an
    /// <see cref="HttpRequestException"/> when the head is complete but malformed.
    /// </summary>
    public static bool TryParseHead(ReadOnlySpan<byte> buffer, out HttpResponseHead head)
    {
        head = default;

        // Nothing is interpreted before the whole head is there, so a partial head costs one search.
        if (buffer.IndexOf("\n\r\n"u8) < 0 && buffer.IndexOf("\n\n"u8) < 0)
        {
            return false;
        }

        var position = 0;
        if (!TryReadLine(buffer, ref position, out var statusLine))
        {
            return false;
        }

        ParseStatusLine(statusLine, out var minorVersion, out var status);
        long? contentLength = null;
        var chunked = false;
        var transferEncoding = false;
        var close = false;
        var keepAlive = false;
        while (true)
        {
            if (!TryReadLine(buffer, ref position, out var line))
            {
                return false;
            }

            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                HttpErrors.ThrowInvalidResponse("a header line without a field name");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..];
            value = value[Ascii.Trim(value)];
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                var length = ParseContentLength(value);
                if (contentLength is { } previous && previous != length)
                {
                    HttpErrors.ThrowInvalidResponse("Content-Length given twice with different values");
                }

                contentLength = length;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                // The last coding decides: "gzip, chunked" is chunked, anything else reads until close.
                transferEncoding = true;
                chunked = LastToken(value) is var last && Ascii.EqualsIgnoreCase(last, "chunked"u8);
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close |= HasToken(value, "close"u8);
                keepAlive |= HasToken(value, "keep-alive"u8);
            }
        }

        var persistent = minorVersion >= 1 ? !close : keepAlive && !close;
        HttpBodyFraming framing;
        if (status is (>= 100 and < 200) or 204 or 304)
        {
            framing = HttpBodyFraming.None;
        }
        else if (transferEncoding)
        {
            framing = chunked ? HttpBodyFraming.Chunked : HttpBodyFraming.UntilClose;

            // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and such a connection is not reused.
            persistent &= chunked && contentLength is null;
        }
        else if (contentLength is not null)
        {
            framing = HttpBodyFraming.ContentLength;
        }
        else
        {
            framing = HttpBodyFraming.UntilClose;
        }

        if (framing == HttpBodyFraming.UntilClose)
        {
            persistent = false;
        }

        head = new HttpResponseHead(minorVersion, status, position, framing, framing == HttpBodyFraming.ContentLength ? contentLength!.Value : 0, persistent);
        return true;
    }

    /// <summary>The next line from <paramref name="position"/>, without its CRLF or LF; false when it has not ended yet.</summary>
    public static bool TryReadLine(ReadOnlySpan<byte> buffer, ref int position, out ReadOnlySpan<byte> line)
    {
        var end = buffer[position..].IndexOf((byte)'\n');
        if (end < 0)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(position, end);
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        position += end + 1;
        return true;
    }

    private static void ParseStatusLine(ReadOnlySpan<byte> line, out int minorVersion, out int status)
    {
        // "HTTP/1.1 200 OK": the version, a space, three digits, then a space and the reason or nothing.
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !IsDigit(line[7]) || line[8] != (byte)' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != (byte)' '))
        {
            HttpErrors.ThrowInvalidResponse($"status line \"{Printable(line)}\"");
        }

        minorVersion = line[7] - '0';
        status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
    }

    private static long ParseContentLength(ReadOnlySpan<byte> value)
    {
        if (!value.IsEmpty && IsDigit(value[0]) && Utf8Parser.TryParse(value, out long length, out var consumed) && consumed == value.Length)
        {
            return length;
        }

        HttpErrors.ThrowInvalidResponse($"Content-Length \"{Printable(value)}\"");
        return 0;
    }

    private static ReadOnlySpan<byte> LastToken(ReadOnlySpan<byte> value)
    {
        var comma = value.LastIndexOf((byte)',');
        var last = comma < 0 ? value : value[(comma + 1)..];
        return last[Ascii.Trim(last)];
    }

    private static bool HasToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        while (!value.IsEmpty)
        {
            var comma = value.IndexOf((byte)',');
            var item = comma < 0 ? value : value[..comma];
            if (Ascii.EqualsIgnoreCase(item[Ascii.Trim(item)], token))
            {
                return true;
            }

            value = comma < 0 ? default : value[(comma + 1)..];
        }

        return false;
    }

    private static bool IsDigit(byte value) => value is >= (byte)'0' and <= (byte)'9';

    private static string Printable(ReadOnlySpan<byte> value) =>
        Encoding.ASCII.GetString(value[..Math.Min(value.Length, 80)]).ReplaceLineEndings(" ");
}

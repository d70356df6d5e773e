using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PostOffice.Load.CommandLine;

/// <summary>
/// Every target of this tool is on this machine: 127.0.0.0/8 or ::1. Host names other than "localhost" are refused
/// rather than resolved, so that a typo cannot send load anywhere else.
/// </summary>
public static class LoopbackAddresses
{
    public const string Rule = "this tool sends load only to loopback addresses (127.0.0.0/8, ::1 or localhost)";

    public static bool TryParseHost(string host, out IPAddress address, out string? error)
    {
        ArgumentNullException.ThrowIfNull(host);
        address = IPAddress.Loopback;
        error = null;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(host.Trim('[', ']'), out var parsed))
        {
            error = $"'{host}' is not an IP address; {Rule}";
            return false;
        }

        if (!IPAddress.IsLoopback(parsed))
        {
            error = $"{host} is not a loopback address; {Rule}";
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>An absolute http(s) URL whose host is loopback.</summary>
    public static bool TryParseUrl(string text, out Uri url, out string? error)
    {
        url = null!;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            error = $"'{text}' is not an absolute http:// or https:// URL";
            return false;
        }

        if (!TryParseHost(parsed.Host, out _, out error))
        {
            error = $"{text}: {error}";
            return false;
        }

        url = parsed;
        return true;
    }

    /// <summary>
    /// Source addresses to bind connections to: "0" (none: the kernel chooses, 127.0.0.1), a count N (127.0.0.2 up
    /// to 127.0.0.N+1), a range "127.0.0.2-127.0.0.9", or a comma-separated list. IPv4 loopback only, at most 254.
    /// </summary>
    public static bool TryParseSources(string spec, out IReadOnlyList<IPAddress> sources, out string? error)
    {
        ArgumentNullException.ThrowIfNull(spec);
        sources = [];
        error = null;
        spec = spec.Trim();
        if (int.TryParse(spec, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            if (count > 254)
            {
                error = $"--sources {count}: at most 254 source addresses (127.0.0.2 to 127.0.0.255)";
                return false;
            }

            sources = [.. Enumerable.Range(2, count).Select(last => new IPAddress([127, 0, 0, (byte)last]))];
            return true;
        }

        var list = new List<IPAddress>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length > 2 || !TryParseSource(range[0], out var first, out error))
            {
                error ??= $"--sources: '{part}' is not an address or a range of addresses";
                return false;
            }

            if (range.Length == 1)
            {
                list.Add(first);
                continue;
            }

            if (!TryParseSource(range[1], out var last, out error))
            {
                return false;
            }

            var from = ToUInt32(first);
            var to = ToUInt32(last);
            if (to < from || to - from >= 254)
            {
                error = $"--sources: '{part}' must run upwards and hold at most 254 addresses";
                return false;
            }

            for (var value = from; value <= to; value++)
            {
                list.Add(new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]));
            }
        }

        if (list.Count == 0 || list.Count > 254)
        {
            error = $"--sources '{spec}' must name between 1 and 254 addresses";
            return false;
        }

        sources = list;
        return true;
    }

    private static bool TryParseSource(string text, out IPAddress address, out string? error)
    {
        if (!IPAddress.TryParse(text, out address!) || address.AddressFamily != AddressFamily.InterNetwork || !IPAddress.IsLoopback(address))
        {
            error = $"--sources: '{text}' is not an IPv4 loopback address (127.x.y.z)";
            return false;
        }

        error = null;
        return true;
    }

    private static uint ToUInt32(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }
}

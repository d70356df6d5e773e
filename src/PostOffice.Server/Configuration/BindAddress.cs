using System.Net;

namespace PostOffice.Server.Configuration;

/// <summary>
/// An address to listen on: an IP literal, or <c>localhost</c>, which Kestrel binds on both IPv4 and IPv6 loopback.
/// Host names other than localhost are refused because binding to a name is ambiguous (which of its addresses?).
/// </summary>
public readonly record struct BindAddress(IPAddress? Address)
{
    public static BindAddress Localhost { get; } = new(null);

    public bool IsLocalhost => Address is null;

    public static bool TryParse(string text, out BindAddress address)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = Localhost;
            return true;
        }

        // IPAddress.TryParse accepts "1" as 0.0.0.1; demand a dotted quad or a colon so typos are not silently bound.
        if ((text.Count(c => c == '.') == 3 || text.Contains(':', StringComparison.Ordinal))
            && IPAddress.TryParse(text, out var ip))
        {
            address = new BindAddress(ip);
            return true;
        }

        address = default;
        return false;
    }

    public override string ToString() => Address switch
    {
        null => "localhost",
        { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"[{ip}]",
        var ip => ip.ToString(),
    };
}

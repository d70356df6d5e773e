using System.Net;

namespace PostOffice.Server.Configuration;

/// <summary>The HTTP listener that serves health, and later the AWS APIs, admin API and console.</summary>
public sealed class HttpOptions
{
    /// <summary>The one address Kestrel binds; loopback by default so a fresh install is not reachable from the network.</summary>
    public BindAddress Bind { get; set; } = new(IPAddress.Loopback);

    public int Port { get; set; } = 4566;
}

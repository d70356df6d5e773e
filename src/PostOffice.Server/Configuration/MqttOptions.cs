namespace PostOffice.Server.Configuration;

/// <summary>
/// The MQTT listeners (ARCH §5). Nothing serves MQTT yet; the settings exist so that configuration files written
/// today keep working when the gateway arrives, and so that port clashes with HTTP are caught now.
/// </summary>
public sealed class MqttOptions
{
    /// <summary>MQTT over TCP; 1883 is the IANA-registered port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT over TLS; 8883 is the IANA-registered port.</summary>
    public int TlsPort { get; set; } = 8883;
}

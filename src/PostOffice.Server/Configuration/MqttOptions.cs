namespace PostOffice.Server.Configuration;

/// <summary>The MQTT gateway's listeners and limits (ARCH §5).</summary>
public sealed class MqttOptions
{
    /// <summary>The address the MQTT listeners bind; loopback by default, so anonymous access stays on this machine.</summary>
    public BindAddress Bind { get; set; } = new(System.Net.IPAddress.Loopback);

    /// <summary>MQTT over TCP; 1883 is the IANA-registered port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>MQTT over TLS; 8883 is the IANA-registered port. Served only when a certificate is configured.</summary>
    public int TlsPort { get; set; } = 8883;

    /// <summary>PEM file with the server certificate (and its chain) for the TLS listener; empty: no TLS listener.</summary>
    public string TlsCertificate { get; set; } = string.Empty;

    /// <summary>PEM file with the certificate's private key; empty when the certificate file holds it.</summary>
    public string TlsPrivateKey { get; set; } = string.Empty;

    /// <summary>Whether clients that present no user name may connect.</summary>
    public bool AllowAnonymous { get; set; } = true;

    /// <summary>A password file in Mosquitto's format (<c>mosquitto_passwd</c> hashes, or plain text); empty: no users.</summary>
    public string PasswordFile { get; set; } = string.Empty;

    /// <summary>The largest MQTT packet accepted, in bytes.</summary>
    public long MaxPacketSize { get; set; } = 1L << 20;

    /// <summary>QoS 1 and 2 messages kept per session beyond those in flight; newer ones are dropped when full.</summary>
    public int MaxQueuedMessages { get; set; } = 1000;

    /// <summary>QoS 1 and 2 messages in flight towards one client.</summary>
    public int MaxInflight { get; set; } = 100;

    /// <summary>Topic aliases the server assigns per connection towards a 5.0 client that accepts them; 0: none.</summary>
    public int MaxOutgoingTopicAliases { get; set; } = 64;
}

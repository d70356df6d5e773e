namespace PostOffice.Gateway.Transport;

/// <summary>Whether the TLS handshake asks the client for a certificate.</summary>
public enum MqttClientCertificateMode
{
    /// <summary>No certificate is requested.</summary>
    None,

    /// <summary>A certificate is requested; a client without one still connects.</summary>
    Optional,

    /// <summary>A client without a certificate fails the handshake.</summary>
    Required,
}

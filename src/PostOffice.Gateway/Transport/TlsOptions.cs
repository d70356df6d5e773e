using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace PostOffice.Gateway.Transport;

/// <summary>TLS for an MQTT listener (conventionally port 8883).</summary>
public sealed class TlsOptions
{
    public TlsOptions(X509Certificate2 serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        if (!serverCertificate.HasPrivateKey)
        {
            throw new ArgumentException("The server certificate has no private key", nameof(serverCertificate));
        }

        ServerCertificate = serverCertificate;
    }

    public X509Certificate2 ServerCertificate { get; }

    public MqttClientCertificateMode ClientCertificateMode { get; init; } = MqttClientCertificateMode.None;

    /// <summary>
    /// Decides whether a presented client certificate is accepted. When null any certificate is accepted whatever its
    /// chain: devices usually present self-signed or privately issued certificates, and which certificate may connect
    /// as which client is decided after the handshake from <see cref="MqttTransportConnection.ClientCertificate"/>.
    /// </summary>
    public RemoteCertificateValidationCallback? ClientCertificateValidation { get; init; }

    /// <summary>A client that has not finished the handshake by then is disconnected.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Loads a certificate and its private key from PEM files, usable by a TLS server on every platform.</summary>
    public static X509Certificate2 LoadPemCertificate(string certificatePath, string keyPath)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // A key loaded from PEM is ephemeral; SChannel (Windows) refuses it for a server, so it goes through PKCS#12,
        // which also suits OpenSSL. The export never leaves the process.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    internal void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "must be positive");
        }
    }
}

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// The real <c>postoffice</c> with its MQTT listeners: TCP on <c>--mqtt-port</c>, TLS on <c>--mqtt-tls-port</c> with
/// the test certificate given through <c>mqtt.tls.certificate</c> and <c>mqtt.tls.privateKey</c> (as the
/// environment variables POSTOFFICE_MQTT__TLS__CERTIFICATE and POSTOFFICE_MQTT__TLS__PRIVATEKEY), WebSocket at
/// <c>/mqtt</c> on the HTTP port. The data directory and every port outlive each process.
/// </summary>
internal sealed class PostOfficeMqttHost(string directory, TestCertificateAuthority certificates)
    : RestartablePostOffice(
        Path.Combine(directory, "data"),
        new Dictionary<string, string>
        {
            ["POSTOFFICE_MQTT__TLS__CERTIFICATE"] = certificates.CertificateFile,
            ["POSTOFFICE_MQTT__TLS__PRIVATEKEY"] = certificates.PrivateKeyFile,
        }),
    IMqttServerHost
{
    public Uri WebSocketUri => new($"ws://127.0.0.1:{HttpPort}/mqtt");
}

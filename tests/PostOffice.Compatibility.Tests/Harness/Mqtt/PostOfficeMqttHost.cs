namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// The real <c>postoffice</c> with its MQTT listeners: TCP on <c>--mqtt-port</c>, TLS on <c>--mqtt-tls-port</c> with
/// the test certificate given through <c>mqtt.tls.certificate</c> and <c>mqtt.tls.privateKey</c> (as the
/// environment variables POSTOFFICE_MQTT__TLS__CERTIFICATE and POSTOFFICE_MQTT__TLS__PRIVATEKEY), WebSocket at
/// <c>/mqtt</c> on the HTTP port. With a password file, <c>mqtt.passwordFile</c> names it and
/// <c>mqtt.allowAnonymous</c> is false. The data directory and every port outlive each process.
/// </summary>
internal sealed class PostOfficeMqttHost(string directory, TestCertificateAuthority certificates, string? passwordFile = null)
    : RestartablePostOffice(Path.Combine(directory, "data"), Environment(certificates, passwordFile)),
    IMqttServerHost
{
    public Uri WebSocketUri => new($"ws://127.0.0.1:{HttpPort}/mqtt");

    private static Dictionary<string, string> Environment(TestCertificateAuthority certificates, string? passwordFile)
    {
        var environment = new Dictionary<string, string>
        {
            ["POSTOFFICE_MQTT__TLS__CERTIFICATE"] = certificates.CertificateFile,
            ["POSTOFFICE_MQTT__TLS__PRIVATEKEY"] = certificates.PrivateKeyFile,
        };
        if (passwordFile is not null)
        {
            environment["POSTOFFICE_MQTT__PASSWORDFILE"] = passwordFile;
            environment["POSTOFFICE_MQTT__ALLOWANONYMOUS"] = "false";
        }

        return environment;
    }
}

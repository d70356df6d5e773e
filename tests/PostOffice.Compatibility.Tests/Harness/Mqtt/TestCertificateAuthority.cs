using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PostOffice.Compatibility.Tests.Harness.Mqtt;

/// <summary>
/// A self-signed CA and a server certificate it issued for <c>localhost</c> and <c>127.0.0.1</c>, written as PEM
/// files into a directory: <c>ca.pem</c> (what clients trust), <c>server.pem</c> and <c>server-key.pem</c> (PKCS#8).
/// ECDSA P-256 keys, with the extensions strict verifiers (OpenSSL 3, Python's ssl, Node) insist on: a critical
/// BasicConstraints CA flag, key usages, the serverAuth EKU, subject and authority key identifiers.
/// </summary>
internal sealed class TestCertificateAuthority
{
    /// <summary>The host name clients verify the server certificate against.</summary>
    public const string ServerHostName = "localhost";

    private TestCertificateAuthority(string caFile, string certificateFile, string privateKeyFile)
    {
        CaFile = caFile;
        CertificateFile = certificateFile;
        PrivateKeyFile = privateKeyFile;
    }

    public string CaFile { get; }

    public string CertificateFile { get; }

    public string PrivateKeyFile { get; }

    public static TestCertificateAuthority Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(30);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=PostOffice compatibility test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={ServerHostName}", serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServerHostName);
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        var authority = new TestCertificateAuthority(
            Path.Combine(directory, "ca.pem"), Path.Combine(directory, "server.pem"), Path.Combine(directory, "server-key.pem"));
        File.WriteAllText(authority.CaFile, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(authority.CertificateFile, server.ExportCertificatePem() + "\n");
        File.WriteAllText(authority.PrivateKeyFile, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return authority;
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace PostOffice.Broker.Topics;

/// <summary>
/// Signs envelopes as SNS does (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html):
/// RSA PKCS#1 v1.5 over the canonical string of the envelope's fields, SHA1 for SignatureVersion 1 and SHA256 for 2.
/// The key and a self-signed certificate live in the data directory, so signatures verify across restarts; the
/// certificate is served at the envelopes' SigningCertURL.
/// </summary>
public sealed class NotificationSigner : IDisposable
{
    public const string FileName = "sns-signing.pem";

    private readonly RSA _key;

    private NotificationSigner(RSA key, string certificatePem)
    {
        _key = key;
        CertificatePem = certificatePem;
    }

    public string CertificatePem { get; }

    /// <summary>Loads the key and certificate from <paramref name="directory"/>, or creates and stores them there.</summary>
    public static NotificationSigner LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var pem = File.ReadAllText(path);
            using var certificate = X509Certificate2.CreateFromPem(pem, pem);
            return new NotificationSigner(certificate.GetRSAPrivateKey()!, certificate.ExportCertificatePem());
        }

        return Create(path);
    }

    /// <summary>A signer whose key lives only in memory (tests).</summary>
    public static NotificationSigner CreateEphemeral() => Create(path: null);

    public void Dispose() => _key.Dispose();

    public string Sign(string canonical, int signatureVersion)
    {
        var data = Encoding.UTF8.GetBytes(canonical);

        // SignatureVersion 1 is SHA1withRSA by AWS's definition; clients verify it that way, so no stronger hash will do.
#pragma warning disable CA5350
        var hash = signatureVersion == 2 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
#pragma warning restore CA5350
        return Convert.ToBase64String(_key.SignData(data, hash, RSASignaturePadding.Pkcs1));
    }

    private static NotificationSigner Create(string? path)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sns.postoffice.local", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        var certificatePem = certificate.ExportCertificatePem();
        if (path is not null)
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, certificatePem + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
            File.Move(temporary, path, overwrite: true);
        }

        return new NotificationSigner(key, certificatePem);
    }
}

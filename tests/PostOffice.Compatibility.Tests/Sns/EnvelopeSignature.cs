using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PostOffice.Compatibility.Tests.Sns;

/// <summary>
/// Verifies an SNS envelope as a consumer does (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html):
/// the canonical string of the signed fields, RSA PKCS#1 v1.5 with SHA1 (SignatureVersion 1) or SHA256 (2), against
/// the certificate downloaded from SigningCertURL.
/// </summary>
public static class EnvelopeSignature
{
    public static bool Verify(JsonElement envelope, string certificatePem)
    {
        var type = envelope.GetProperty("Type").GetString();
        string[] fields = type == "Notification"
            ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
            : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
        var canonical = new StringBuilder();
        foreach (var field in fields)
        {
            if (envelope.TryGetProperty(field, out var value))
            {
                canonical.Append(field).Append('\n').Append(value.GetString()).Append('\n');
            }
        }

        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var key = certificate.GetRSAPublicKey()!;
#pragma warning disable CA5350 // SignatureVersion 1 is SHA1withRSA by AWS's definition.
        var hash = envelope.GetProperty("SignatureVersion").GetString() == "2" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1;
#pragma warning restore CA5350
        return key.VerifyData(
            Encoding.UTF8.GetBytes(canonical.ToString()), Convert.FromBase64String(envelope.GetProperty("Signature").GetString()!), hash, RSASignaturePadding.Pkcs1);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace PostOffice.Broker.Tests.Topics;

/// <summary>
/// Envelopes verify as https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html describes:
/// the canonical string of the signed fields, SHA1withRSA for SignatureVersion 1 and SHA256withRSA for 2, with the
/// key of the served certificate, which stays the same across restarts.
/// </summary>
public sealed class EnvelopeSignatureTests
{
    [Theory]
    [InlineData("1", null)]
    [InlineData("2", "with subject")]
    public async Task Notification_SignatureVerifiesWithTheServedCertificate_AcrossRestart(string version, string? subject)
    {
        await using var host = await TopicHost.StartAsync();
        var topic = await host.Topics.CreateTopicAsync("t", new() { ["SignatureVersion"] = version });
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("a"));
        await host.Topics.SubscribeAsync(topic, "sqs", await host.Queues.QueueAsync("b"));
        var certificate = host.Topics.SigningCertificatePem;
        await host.RestartAsync();
        Assert.Equal(certificate, host.Topics.SigningCertificatePem);

        await host.Topics.PublishAsync(topic, "signed\nmessage", subject: subject);

        foreach (var queue in (string[])["a", "b"])
        {
            var envelope = JsonDocument.Parse(Assert.Single(await host.Queues.DrainAsync(queue)).Body).RootElement;
            Assert.Equal(version, envelope.GetProperty("SignatureVersion").GetString());
            Assert.True(Verify(envelope, certificate, version == "2" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA1));
            Assert.False(Verify(envelope, certificate, version == "2" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256));
        }
    }

    private static bool Verify(JsonElement envelope, string certificatePem, HashAlgorithmName hash)
    {
        var canonical = new StringBuilder();
        foreach (var field in (string[])["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"])
        {
            if (envelope.TryGetProperty(field, out var value))
            {
                canonical.Append(field).Append('\n').Append(value.GetString()).Append('\n');
            }
        }

        using var certificate = X509Certificate2.CreateFromPem(certificatePem);
        using var key = certificate.GetRSAPublicKey()!;
        return key.VerifyData(Encoding.UTF8.GetBytes(canonical.ToString()), Convert.FromBase64String(envelope.GetProperty("Signature").GetString()!), hash, RSASignaturePadding.Pkcs1);
    }
}

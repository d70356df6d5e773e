using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using PostOffice.Gateway.Transport;
using PostOffice.Mqtt;
using static PostOffice.Gateway.Tests.Transport.TransportTestKit;

namespace PostOffice.Gateway.Tests.Transport;

public sealed class SocketMqttListenerTests
{
    [Fact]
    public async Task Start_PortZero_ExposesTheBoundPortAndEchoesOverTcp()
    {
        var handler = new EchoHandler();
        await using var listener = new SocketMqttListener(new IPEndPoint(IPAddress.Loopback, 0), handler, NullLogger.Instance);
        listener.Start();
        Assert.NotEqual(0, listener.LocalEndPoint!.Port);

        using var client = await ConnectAsync(listener);
        var frame = Frame(0x10, Body(30, 1));
        await client.SendAsync(frame, SocketFlags.None, TestContext.Current.CancellationToken);

        Assert.Equal(frame, await ReceiveExactlyAsync(client, frame.Length, "echo"));
        Assert.True(client.NoDelay);
        Assert.Equal("tcp", Assert.Single(handler.Kinds));
    }

    [Fact]
    public async Task OversizeFrame_ClosesOnlyThatConnection()
    {
        var handler = new EchoHandler(maximumPacketSize: 1000);
        await using var listener = new SocketMqttListener(new IPEndPoint(IPAddress.Loopback, 0), handler, NullLogger.Instance);
        listener.Start();
        using var good = await ConnectAsync(listener);
        using var bad = await ConnectAsync(listener);

        await bad.SendAsync(Frame(0x30, new byte[2000]), SocketFlags.None, TestContext.Current.CancellationToken);
        Assert.Equal(0, await ReceiveUntilClosedAsync(bad, "the oversize connection closes"));

        var frame = Frame(0x30, Body(900, 2));
        await good.SendAsync(frame, SocketFlags.None, TestContext.Current.CancellationToken);
        Assert.Equal(frame, await ReceiveExactlyAsync(good, frame.Length, "the other connection still echoes"));
        Assert.Equal(MqttReasonCode.PacketTooLarge, Assert.Single(handler.ProtocolErrors));
    }

    [Fact]
    public async Task StopAsync_AbortsEveryConnectionAndWaitsForTheirHandlers()
    {
        var handler = new EchoHandler();
        var listener = new SocketMqttListener(new IPEndPoint(IPAddress.Loopback, 0), handler, NullLogger.Instance);
        listener.Start();
        var clients = new List<Socket>();
        for (var index = 0; index < 5; index++)
        {
            var client = await ConnectAsync(listener);
            clients.Add(client);

            // One round trip proves the handler runs for this connection.
            await client.SendAsync(Frame(0xC0, []), SocketFlags.None, TestContext.Current.CancellationToken);
            await ReceiveExactlyAsync(client, 2, $"echo on connection {index}");
        }

        Assert.Equal(5, listener.ConnectionCount);
        await WithTimeout(listener.StopAsync(), "stop");

        Assert.Equal(0, listener.ConnectionCount);
        Assert.Equal(0, handler.Running);
        foreach (var client in clients)
        {
            Assert.Equal(0, await ReceiveUntilClosedAsync(client, "client sees the close"));
            client.Dispose();
        }

        await listener.DisposeAsync();
        using var refused = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public async Task IdleConnection_AfterAFrame_HoldsNoReceiveBuffer()
    {
        var handler = new EchoHandler();
        await using var listener = new SocketMqttListener(new IPEndPoint(IPAddress.Loopback, 0), handler, NullLogger.Instance);
        listener.Start();
        using var client = await ConnectAsync(listener);
        var frame = Frame(0x10, Body(12, 3));
        await client.SendAsync(frame, SocketFlags.None, TestContext.Current.CancellationToken);
        await ReceiveExactlyAsync(client, frame.Length, "echo");

        Assert.False(await WithTimeout(handler.HeldBufferWhileIdle.Task, "handler waits again"));
    }

    [Fact]
    public async Task Tls_ClientCertificateRequired_HandshakeExposesTheCertificateAndEchoes()
    {
        using var serverCertificate = CreateCertificate("CN=localhost");
        using var clientCertificate = CreateCertificate("CN=device-1");
        var handler = new EchoHandler();
        var tls = new TlsOptions(serverCertificate) { ClientCertificateMode = MqttClientCertificateMode.Required };
        await using var listener = new SocketMqttListener(new IPEndPoint(IPAddress.Loopback, 0), handler, NullLogger.Instance, tls);
        listener.Start();
        Assert.Equal("tls", listener.Kind);

        using var client = await ConnectAsync(listener);
        await using var stream = new SslStream(new NetworkStream(client), leaveInnerStreamOpen: false);
        await WithTimeout(
            stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = [clientCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == serverCertificate.GetCertHashString(),
            },
            TestContext.Current.CancellationToken),
            "client handshake");

        var frame = Frame(0x10, Body(5000, 4));
        await stream.WriteAsync(frame, TestContext.Current.CancellationToken);
        var echoed = new byte[frame.Length];
        await WithTimeout(stream.ReadExactlyAsync(echoed, TestContext.Current.CancellationToken).AsTask(), "echo over TLS");

        Assert.Equal(frame, echoed);
        Assert.Equal(clientCertificate.Thumbprint, Assert.Single(handler.ClientCertificates)?.Thumbprint);
        Assert.Equal("tls", Assert.Single(handler.Kinds));
        Assert.False(await WithTimeout(handler.HeldBufferWhileIdle.Task, "handler waits again"));
    }

    [Fact]
    public async Task Tls_ClientCertificateRequiredButMissing_HandshakeFailsAndNoHandlerRuns()
    {
        using var serverCertificate = CreateCertificate("CN=localhost");
        var handler = new EchoHandler();
        var tls = new TlsOptions(serverCertificate) { ClientCertificateMode = MqttClientCertificateMode.Required };
        await using var listener = new SocketMqttListener(new IPEndPoint(IPAddress.Loopback, 0), handler, NullLogger.Instance, tls);
        listener.Start();

        using var client = await ConnectAsync(listener);
        await using var stream = new SslStream(new NetworkStream(client), leaveInnerStreamOpen: false);

        // Under TLS 1.3 the client learns of the refusal only when it next reads.
        var failed = false;
        try
        {
            await WithTimeout(
                stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == serverCertificate.GetCertHashString(),
                },
                TestContext.Current.CancellationToken),
                "client handshake");
            failed = await WithTimeout(stream.ReadAsync(new byte[1], TestContext.Current.CancellationToken).AsTask(), "read after the handshake") == 0;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            failed = true;
        }

        Assert.True(failed);
        Assert.Empty(handler.Kinds);
    }

    [Fact]
    public void TlsOptions_LoadPemCertificate_ReturnsTheCertificateWithItsKey()
    {
        using var certificate = CreateCertificate("CN=pem");
        var directory = Directory.CreateTempSubdirectory("postoffice-pem-");
        try
        {
            var certificatePath = Path.Combine(directory.FullName, "cert.pem");
            var keyPath = Path.Combine(directory.FullName, "key.pem");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

            using var loaded = TlsOptions.LoadPemCertificate(certificatePath, keyPath);

            Assert.True(loaded.HasPrivateKey);
            Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<Socket> ConnectAsync(SocketMqttListener listener)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await WithTimeout(client.ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken).AsTask(), "connect");
        return client;
    }

    private static X509Certificate2 CreateCertificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        // Through PKCS#12 so the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}

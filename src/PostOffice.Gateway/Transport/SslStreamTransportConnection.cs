using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace PostOffice.Gateway.Transport;

/// <summary>
/// MQTT over TLS on a TCP socket, after the handshake. While idle the connection waits with a zero-byte read, which
/// lets <see cref="SslStream"/> release its internal buffer until a TLS record arrives.
/// </summary>
public sealed class SslStreamTransportConnection : BufferedTransportConnection
{
    private readonly SslStream _stream;
    private readonly Socket _socket;
    private readonly EndPoint? _remoteEndPoint;
    private readonly X509Certificate2? _clientCertificate;

    /// <param name="stream">An authenticated server stream over <paramref name="socket"/>.</param>
    /// <param name="socket">The socket under the stream; closing it aborts the stream's pending reads and writes.</param>
    public SslStreamTransportConnection(SslStream stream, Socket socket)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(socket);
        _stream = stream;
        _socket = socket;
        _remoteEndPoint = socket.RemoteEndPoint;
        _clientCertificate = stream.RemoteCertificate switch
        {
            null => null,
            X509Certificate2 certificate => certificate,
            var certificate => X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()),
        };
    }

    public override string Kind => "tls";

    public override EndPoint? RemoteEndPoint => _remoteEndPoint;

    public override X509Certificate2? ClientCertificate => _clientCertificate;

    // Reads nothing by design: completes once a record has arrived, and lets SslStream drop its buffer meanwhile.
    protected override ValueTask<int> WaitForDataAsync() => _stream.ReadAsync(Memory<byte>.Empty);

    protected override async ValueTask<int> ReceiveAsync(Memory<byte> buffer)
    {
        try
        {
            return await _stream.ReadAsync(buffer);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
        {
            return 0;
        }
    }

    protected override ValueTask SendAsync(ReadOnlyMemory<byte> data) => _stream.WriteAsync(data);

    protected override void CloseTransport() => _socket.Dispose();

    protected override ValueTask DisposeTransportAsync() => _stream.DisposeAsync();
}

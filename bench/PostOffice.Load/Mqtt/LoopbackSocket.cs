using System.Net;
using System.Net.Sockets;

namespace PostOffice.Load.Mqtt;

/// <summary>Opens TCP connections from a chosen loopback source address.</summary>
internal static class LoopbackSocket
{
    // <netinet/in.h>: IPPROTO_IP = 0, IP_BIND_ADDRESS_NO_PORT = 24 (Linux 4.2+).
    private const int IpProtocolIp = 0;
    private const int IpBindAddressNoPort = 24;

    /// <summary>
    /// A socket bound to <paramref name="source"/> (when given) and connected to <paramref name="server"/>. With
    /// IP_BIND_ADDRESS_NO_PORT the kernel picks the source port at connect time, per 4-tuple, so each source address
    /// gives a fresh ephemeral port range towards the server instead of sharing one range across all sources.
    /// </summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint server, IPAddress? source, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
            {
                if (OperatingSystem.IsLinux() && source.AddressFamily == AddressFamily.InterNetwork)
                {
                    socket.SetRawSocketOption(IpProtocolIp, IpBindAddressNoPort, BitConverter.GetBytes(1));
                }

                socket.Bind(new IPEndPoint(source, 0));
            }

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(server, timeoutSource.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"connect to {server} did not complete in {timeout.TotalSeconds:0.#} s");
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

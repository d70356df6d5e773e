using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PostOffice.Gateway.Transport;

/// <summary>Transport events; IDs 500-549 belong to the MQTT transports.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(500, LogLevel.Information, "MQTT {Kind} listener on {EndPoint}")]
    public static partial void Listening(ILogger logger, string kind, EndPoint endPoint);

    [LoggerMessage(501, LogLevel.Error, "Accepting an MQTT connection on {EndPoint} failed ({Error}); retrying in {DelayMilliseconds} ms")]
    public static partial void AcceptFailed(ILogger logger, EndPoint endPoint, SocketError error, int delayMilliseconds, Exception exception);

    [LoggerMessage(502, LogLevel.Debug, "TLS handshake with {RemoteEndPoint} failed")]
    public static partial void HandshakeFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(503, LogLevel.Critical, "The MQTT connection handler failed for {RemoteEndPoint}")]
    public static partial void HandlerFailed(ILogger logger, EndPoint? remoteEndPoint, Exception exception);

    [LoggerMessage(504, LogLevel.Information, "MQTT {Kind} listener on {EndPoint} stopped; {Connections} connection(s) aborted")]
    public static partial void Stopped(ILogger logger, string kind, EndPoint endPoint, int connections);
}

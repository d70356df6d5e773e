using Microsoft.Extensions.Logging;

namespace PostOffice.Gateway.Connections;

internal sealed partial class MqttConnection
{
    // Event ids 520-549 belong to this category (500-519: the transports).
    private static partial class Log
    {
        [LoggerMessage(520, LogLevel.Debug, "MQTT client {ClientId} connected over {Transport} from {RemoteEndPoint} (protocol level {Level}, session present {SessionPresent})")]
        public static partial void Connected(ILogger logger, string clientId, string transport, string? remoteEndPoint, int level, bool sessionPresent);

        [LoggerMessage(521, LogLevel.Information, "MQTT connection from {RemoteEndPoint} refused: unsupported protocol level {Level}")]
        public static partial void UnsupportedProtocol(ILogger logger, string? remoteEndPoint, byte level);

        [LoggerMessage(522, LogLevel.Warning, "MQTT client {ClientId} (user {UserName}) from {RemoteEndPoint} refused: authentication failed")]
        public static partial void AuthenticationFailed(ILogger logger, string clientId, string? userName, string? remoteEndPoint);

        [LoggerMessage(523, LogLevel.Information, "MQTT client {ClientId} from {RemoteEndPoint} disconnected for a protocol violation: {Problem}")]
        public static partial void ProtocolViolation(ILogger logger, string clientId, string? remoteEndPoint, string problem);

        [LoggerMessage(524, LogLevel.Error, "MQTT connection of client {ClientId} failed")]
        public static partial void ConnectionFailed(ILogger logger, string clientId, Exception exception);

        [LoggerMessage(525, LogLevel.Warning, "MQTT client {ClientId} may not publish to {Topic}")]
        public static partial void PublishDenied(ILogger logger, string clientId, string topic);

        [LoggerMessage(526, LogLevel.Warning, "MQTT client {ClientId} may not subscribe to {TopicFilter}")]
        public static partial void SubscribeDenied(ILogger logger, string clientId, string topicFilter);

        [LoggerMessage(527, LogLevel.Error, "A message from MQTT client {ClientId} to {Topic} could not be stored and was not acknowledged: {Problem}")]
        public static partial void PublishNotStored(ILogger logger, string clientId, string topic, string problem);

        [LoggerMessage(528, LogLevel.Error, "The PUBREL of MQTT client {ClientId} for packet identifier {PacketIdentifier} could not be stored; closing the connection without PUBCOMP: {Problem}")]
        public static partial void ReleaseNotStored(ILogger logger, string clientId, ushort packetIdentifier, string problem);
    }
}

using PostOffice.Gateway.Security;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Connections;

internal sealed partial class MqttConnection
{
    private async ValueTask<bool> ConnectAsync(MqttFrame frame)
    {
        var status = MqttPacketReader.TryReadConnect(frame, out var connect, out var level);
        if (status != MqttConnectReadStatus.Success)
        {
            Log.UnsupportedProtocol(_broker.Logger, _transport.RemoteEndPoint?.ToString(), level);
            if (status == MqttConnectReadStatus.UnsupportedProtocolVersion)
            {
                // [MQTT-3.1.2-2]: answered in the 3.1.1 layout (return code 0x01) for older levels, 0x84 for newer ones.
                Version = level > 5 ? MqttProtocolVersion.V500 : MqttProtocolVersion.V311;
                SendPacket(new MqttConnAckPacket { ReasonCode = level > 5 ? MqttReasonCode.UnsupportedProtocolVersion : (MqttReasonCode)0x01 });
                _ = StartClosing();
            }

            return false;
        }

        Version = connect!.ProtocolVersion;
        var v5 = Version == MqttProtocolVersion.V500;
        var options = _broker.Options;
        var clientId = connect.ClientIdentifier;
        string? assigned = null;
        if (clientId.Length == 0)
        {
            if (!v5 && !connect.CleanStart)
            {
                // [MQTT-3.1.3-8]: 3.1.1 rejects an empty identifier with Clean Session 0 (return code 0x02).
                return await RefuseAsync((MqttReasonCode)0x02, MqttReasonCode.ClientIdentifierNotValid).ConfigureAwait(false);
            }

            // [MQTT-3.1.3-6]: the server assigns a unique identifier, returned in 5.0 as Assigned Client Identifier.
            clientId = assigned = "auto-" + Guid.NewGuid().ToString("N");
        }

        var authentication = await _broker.Authenticator.AuthenticateAsync(
            new MqttConnectCredentials(clientId, connect.UserName, connect.Password, _transport.ClientCertificate, _transport.RemoteEndPoint, _transport.Kind),
            CancellationToken.None).ConfigureAwait(false);
        if (authentication.Identity is null)
        {
            Log.AuthenticationFailed(_broker.Logger, clientId, connect.UserName, _transport.RemoteEndPoint?.ToString());
            return authentication.Failure == MqttAuthenticationFailure.BadUserNameOrPassword
                ? await RefuseAsync((MqttReasonCode)0x04, MqttReasonCode.BadUserNameOrPassword).ConfigureAwait(false)
                : await RefuseAsync((MqttReasonCode)0x05, MqttReasonCode.NotAuthorized).ConfigureAwait(false);
        }

        Identity = authentication.Identity;
        var properties = connect.Properties;
        uint requestedExpiry = v5 ? properties.SessionExpiryInterval ?? 0 : connect.CleanStart ? 0 : uint.MaxValue;
        var expiry = Math.Min(requestedExpiry, options.MaximumSessionExpiryInterval);
        SendQuota = Math.Min(v5 ? properties.ReceiveMaximum ?? ushort.MaxValue : ushort.MaxValue, options.MaximumInflight);
        ClientMaximumPacketSize = v5 && properties.MaximumPacketSize is { } maximumPacketSize ? (int)Math.Min(maximumPacketSize, int.MaxValue) : int.MaxValue;
        KeepAlive = connect.KeepAlive;
        OutgoingTopicAliasMaximum = v5 ? Math.Min(properties.TopicAliasMaximum ?? (ushort)0, options.MaximumOutgoingTopicAliases) : (ushort)0;
        ushort? serverKeepAlive = null;
        if (options.MaximumKeepAlive > 0 && (KeepAlive == 0 || KeepAlive > options.MaximumKeepAlive) && v5)
        {
            KeepAlive = options.MaximumKeepAlive;
            serverKeepAlive = options.MaximumKeepAlive;
        }

        _will = connect.Will;
        if (_will is not null && !_broker.Authorizer.CanPublish(Identity, clientId, _will.Topic))
        {
            return await RefuseAsync((MqttReasonCode)0x05, MqttReasonCode.NotAuthorized).ConfigureAwait(false);
        }

        var (session, present) = _broker.OpenSession(this, clientId, connect.CleanStart, expiry);
        Session = session;
        IsConnected = true;
        var connAck = new MqttConnAckPacket { SessionPresent = present, ReasonCode = MqttReasonCode.Success };
        if (v5)
        {
            var ack = connAck.Properties;
            ack.AssignedClientIdentifier = assigned;
            ack.ReceiveMaximum = options.ReceiveMaximum;
            ack.TopicAliasMaximum = options.TopicAliasMaximum;
            ack.MaximumPacketSize = (uint)options.MaximumPacketSize;
            ack.ServerKeepAlive = serverKeepAlive;
            if (expiry != requestedExpiry)
            {
                ack.SessionExpiryInterval = expiry;
            }
        }

        SendPacket(connAck);
        _broker.Attach(session, this);
        Log.Connected(_broker.Logger, clientId, _transport.Kind, _transport.RemoteEndPoint?.ToString(), (int)Version, present);
        return true;
    }

    /// <summary>Refuses a CONNECT: CONNACK with the level's code, then close [MQTT-3.2.2-7].</summary>
    private async ValueTask<bool> RefuseAsync(MqttReasonCode v311Code, MqttReasonCode v5Code)
    {
        SendPacket(new MqttConnAckPacket { ReasonCode = Version == MqttProtocolVersion.V500 ? v5Code : v311Code });
        _ = StartClosing();
        return false;
    }
}

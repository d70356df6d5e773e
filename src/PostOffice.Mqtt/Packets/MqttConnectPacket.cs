using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>CONNECT (3.1).</summary>
public sealed class MqttConnectPacket : MqttPacket
{
    private const string ProtocolName = "MQTT";

    public override MqttPacketType PacketType => MqttPacketType.Connect;

    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;

    public string ClientIdentifier { get; set; } = string.Empty;

    /// <summary>Clean Session (3.1.1) / Clean Start (5.0): bit 1 of the Connect Flags.</summary>
    public bool CleanStart { get; set; }

    public ushort KeepAlive { get; set; }

    public string? UserName { get; set; }

    public ReadOnlyMemory<byte>? Password { get; set; }

    public MqttWill? Will { get; set; }

    public MqttProperties Properties { get; set; } = new();

    internal override int GetRemainingLength(MqttProtocolVersion version)
    {
        // Variable header: Protocol Name (6), Protocol Level (1), Connect Flags (1), Keep Alive (2).
        var length = 10 + MqttPrimitiveWriter.GetUtf8StringSize(ClientIdentifier);
        if (version == MqttProtocolVersion.V500)
        {
            length += MqttProperties.GetSize(Properties.GetContentSize(MqttPropertyContext.Connect));
        }

        if (Will is not null)
        {
            if (version == MqttProtocolVersion.V500)
            {
                length += MqttProperties.GetSize(Will.Properties.GetContentSize(MqttPropertyContext.Will));
            }

            length += MqttPrimitiveWriter.GetUtf8StringSize(Will.Topic) + MqttPrimitiveWriter.GetBinaryDataSize(Will.Payload.Span);
        }

        if (UserName is not null)
        {
            length += MqttPrimitiveWriter.GetUtf8StringSize(UserName);
        }
        else if (Password.HasValue && version == MqttProtocolVersion.V311)
        {
            throw new InvalidOperationException("MQTT 3.1.1 forbids a Password without a User Name [MQTT-3.1.2-22]");
        }

        if (Password.HasValue)
        {
            length += MqttPrimitiveWriter.GetBinaryDataSize(Password.Value.Span);
        }

        return length;
    }

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        writer.WriteUtf8String(ProtocolName);
        writer.WriteByte((byte)version);
        var flags = 0;
        flags |= CleanStart ? 0x02 : 0;
        if (Will is not null)
        {
            flags |= 0x04 | ((int)Will.QualityOfService << 3) | (Will.Retain ? 0x20 : 0);
        }

        flags |= Password.HasValue ? 0x40 : 0;
        flags |= UserName is not null ? 0x80 : 0;
        writer.WriteByte((byte)flags);
        writer.WriteTwoByteInteger(KeepAlive);
        if (version == MqttProtocolVersion.V500)
        {
            Properties.Write(ref writer, Properties.GetContentSize(MqttPropertyContext.Connect));
        }

        writer.WriteUtf8String(ClientIdentifier);
        if (Will is not null)
        {
            if (version == MqttProtocolVersion.V500)
            {
                Will.Properties.Write(ref writer, Will.Properties.GetContentSize(MqttPropertyContext.Will));
            }

            writer.WriteUtf8String(Will.Topic);
            writer.WriteBinaryData(Will.Payload.Span);
        }

        if (UserName is not null)
        {
            writer.WriteUtf8String(UserName);
        }

        if (Password.HasValue)
        {
            writer.WriteBinaryData(Password.Value.Span);
        }
    }

    internal static MqttConnectReadStatus TryRead(in MqttFrame frame, out MqttConnectPacket? packet, out byte protocolLevel)
    {
        packet = null;
        protocolLevel = 0;
        MqttPacketRules.EnsureFlags(frame, 0);
        var reader = new SequenceReader<byte>(frame.Body);
        if (MqttPrimitiveReader.ReadUtf8String(ref reader) != ProtocolName)
        {
            return MqttConnectReadStatus.UnsupportedProtocolName;
        }

        protocolLevel = MqttPrimitiveReader.ReadByte(ref reader);
        if (protocolLevel is not ((byte)MqttProtocolVersion.V311 or (byte)MqttProtocolVersion.V500))
        {
            return MqttConnectReadStatus.UnsupportedProtocolVersion;
        }

        var version = (MqttProtocolVersion)protocolLevel;
        var flags = MqttPrimitiveReader.ReadByte(ref reader);
        if ((flags & 0x01) != 0)
        {
            MqttProtocolException.ThrowMalformed("CONNECT reserved flag is not 0 [MQTT-3.1.2-3]");
        }

        var hasWill = (flags & 0x04) != 0;
        var willQualityOfService = MqttPacketRules.ReadQualityOfService((flags >> 3) & 0x03, "Will QoS");
        var willRetain = (flags & 0x20) != 0;
        var hasPassword = (flags & 0x40) != 0;
        var hasUserName = (flags & 0x80) != 0;
        if (!hasWill && (willQualityOfService != MqttQualityOfService.AtMostOnce || willRetain))
        {
            MqttProtocolException.ThrowMalformed("Will QoS and Will Retain must be 0 without a Will Flag [MQTT-3.1.2-11] [MQTT-3.1.2-13]");
        }

        if (version == MqttProtocolVersion.V311 && hasPassword && !hasUserName)
        {
            MqttProtocolException.ThrowMalformed("Password Flag set without User Name Flag [MQTT-3.1.2-22] (3.1.1)");
        }

        var result = new MqttConnectPacket
        {
            ProtocolVersion = version,
            CleanStart = (flags & 0x02) != 0,
            KeepAlive = MqttPrimitiveReader.ReadTwoByteInteger(ref reader),
        };
        if (version == MqttProtocolVersion.V500)
        {
            result.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.Connect);
        }

        result.ClientIdentifier = MqttPrimitiveReader.ReadUtf8String(ref reader);
        if (hasWill)
        {
            var will = new MqttWill { QualityOfService = willQualityOfService, Retain = willRetain };
            if (version == MqttProtocolVersion.V500)
            {
                will.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.Will);
            }

            will.Topic = MqttPrimitiveReader.ReadUtf8String(ref reader);
            MqttPublishPacket.EnsureValidTopicName(will.Topic, hasTopicAlias: false);
            will.Payload = MqttPrimitiveReader.ReadBinaryData(ref reader);
            result.Will = will;
        }

        if (hasUserName)
        {
            result.UserName = MqttPrimitiveReader.ReadUtf8String(ref reader);
        }

        if (hasPassword)
        {
            result.Password = MqttPrimitiveReader.ReadBinaryData(ref reader);
        }

        MqttPacketRules.EnsureEnd(reader, MqttPacketType.Connect);
        packet = result;
        return MqttConnectReadStatus.Success;
    }
}

using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>SUBSCRIBE (3.8). Topic Filter syntax (wildcard placement) is left to the server, which answers
/// a bad filter with a SUBACK reason code rather than a disconnect.</summary>
public sealed class MqttSubscribePacket : MqttPacket
{
    public override MqttPacketType PacketType => MqttPacketType.Subscribe;

    public ushort PacketIdentifier { get; set; }

    public MqttProperties Properties { get; set; } = new();

    public List<MqttSubscription> Subscriptions { get; } = [];

    internal override byte FixedHeaderFlags => 0x02;

    internal override int GetRemainingLength(MqttProtocolVersion version)
    {
        if (Subscriptions.Count == 0 || PacketIdentifier == 0)
        {
            throw new InvalidOperationException("SUBSCRIBE needs a Topic Filter and a non-zero Packet Identifier [MQTT-3.8.3-2]");
        }

        var length = 2;
        if (version == MqttProtocolVersion.V500)
        {
            length += MqttProperties.GetSize(Properties.GetContentSize(MqttPropertyContext.Subscribe));
        }

        foreach (var subscription in Subscriptions)
        {
            length += MqttPrimitiveWriter.GetUtf8StringSize(subscription.TopicFilter) + 1;
        }

        return length;
    }

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        writer.WriteTwoByteInteger(PacketIdentifier);
        if (version == MqttProtocolVersion.V500)
        {
            Properties.Write(ref writer, Properties.GetContentSize(MqttPropertyContext.Subscribe));
        }

        foreach (var subscription in Subscriptions)
        {
            writer.WriteUtf8String(subscription.TopicFilter);
            writer.WriteByte(subscription.GetOptions(version));
        }
    }

    internal static MqttSubscribePacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        // [MQTT-3.8.1-1]: SUBSCRIBE fixed header flags are 0b0010.
        MqttPacketRules.EnsureFlags(frame, 0x02);
        var reader = new SequenceReader<byte>(frame.Body);
        var packet = new MqttSubscribePacket { PacketIdentifier = MqttPacketRules.ReadPacketIdentifier(ref reader) };
        if (version == MqttProtocolVersion.V500)
        {
            packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.Subscribe);
        }

        while (!reader.End)
        {
            var subscription = new MqttSubscription { TopicFilter = MqttPacketRules.ReadTopicFilter(ref reader) };
            var options = MqttPrimitiveReader.ReadByte(ref reader);
            subscription.MaximumQualityOfService = MqttPacketRules.ReadQualityOfService(options & 0x03, "Subscription QoS");
            if (version == MqttProtocolVersion.V311)
            {
                if ((options & 0xFC) != 0)
                {
                    MqttProtocolException.ThrowMalformed("SUBSCRIBE Requested QoS byte has reserved bits set [MQTT-3.8.3-4] (3.1.1)");
                }
            }
            else
            {
                if ((options & 0xC0) != 0)
                {
                    MqttProtocolException.ThrowMalformed("Subscription Options bits 7-6 are reserved [MQTT-3.8.3-5]");
                }

                subscription.NoLocal = (options & 0x04) != 0;
                subscription.RetainAsPublished = (options & 0x08) != 0;
                var retainHandling = (options >> 4) & 0x03;
                if (retainHandling == 3)
                {
                    MqttProtocolException.ThrowProtocolError("Retain Handling 3 (3.8.3.1)");
                }

                subscription.RetainHandling = (MqttRetainHandling)retainHandling;
                if (subscription.NoLocal && subscription.TopicFilter.StartsWith("$share/", StringComparison.Ordinal))
                {
                    MqttProtocolException.ThrowProtocolError("No Local set on a Shared Subscription [MQTT-3.8.3-4]");
                }
            }

            packet.Subscriptions.Add(subscription);
        }

        if (packet.Subscriptions.Count == 0)
        {
            MqttProtocolException.ThrowProtocolError("SUBSCRIBE without a Topic Filter [MQTT-3.8.3-2]");
        }

        return packet;
    }
}

using System.Buffers;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Mqtt.Packets;

/// <summary>UNSUBSCRIBE (3.10).</summary>
public sealed class MqttUnsubscribePacket : MqttPacket
{
    public override MqttPacketType PacketType => MqttPacketType.Unsubscribe;

    public ushort PacketIdentifier { get; set; }

    public MqttProperties Properties { get; set; } = new();

    public List<string> TopicFilters { get; } = [];

    internal override byte FixedHeaderFlags => 0x02;

    internal override int GetRemainingLength(MqttProtocolVersion version)
    {
        if (TopicFilters.Count == 0 || PacketIdentifier == 0)
        {
            throw new InvalidOperationException("UNSUBSCRIBE needs a Topic Filter and a non-zero Packet Identifier [MQTT-3.10.3-2]");
        }

        var length = 2;
        if (version == MqttProtocolVersion.V500)
        {
            length += MqttProperties.GetSize(Properties.GetContentSize(MqttPropertyContext.Unsubscribe));
        }

        foreach (var topicFilter in TopicFilters)
        {
            length += MqttPrimitiveWriter.GetUtf8StringSize(topicFilter);
        }

        return length;
    }

    internal override void WriteBody(ref MqttSpanWriter writer, MqttProtocolVersion version)
    {
        writer.WriteTwoByteInteger(PacketIdentifier);
        if (version == MqttProtocolVersion.V500)
        {
            Properties.Write(ref writer, Properties.GetContentSize(MqttPropertyContext.Unsubscribe));
        }

        foreach (var topicFilter in TopicFilters)
        {
            writer.WriteUtf8String(topicFilter);
        }
    }

    internal static MqttUnsubscribePacket Read(in MqttFrame frame, MqttProtocolVersion version)
    {
        // [MQTT-3.10.1-1]: UNSUBSCRIBE fixed header flags are 0b0010.
        MqttPacketRules.EnsureFlags(frame, 0x02);
        var reader = new SequenceReader<byte>(frame.Body);
        var packet = new MqttUnsubscribePacket { PacketIdentifier = MqttPacketRules.ReadPacketIdentifier(ref reader) };
        if (version == MqttProtocolVersion.V500)
        {
            packet.Properties = MqttProperties.Read(ref reader, MqttPropertyContext.Unsubscribe);
        }

        while (!reader.End)
        {
            packet.TopicFilters.Add(MqttPacketRules.ReadTopicFilter(ref reader));
        }

        if (packet.TopicFilters.Count == 0)
        {
            MqttProtocolException.ThrowProtocolError("UNSUBSCRIBE without a Topic Filter [MQTT-3.10.3-2]");
        }

        return packet;
    }
}

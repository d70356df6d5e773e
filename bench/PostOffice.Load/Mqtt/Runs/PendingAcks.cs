using System.Buffers;
using PostOffice.Load.Mqtt.Packets;

namespace PostOffice.Load.Mqtt.Runs;

/// <summary>Acknowledgements queued by a receive loop while it parses, written together once it holds the writer.</summary>
internal sealed class PendingAcks
{
    private readonly List<(MqttPacketType Type, ushort PacketId)> _acks = new(64);

    public bool Any => _acks.Count > 0;

    public void Add(MqttPacketType type, ushort packetId) => _acks.Add((type, packetId));

    public void WriteTo(IBufferWriter<byte> writer)
    {
        foreach (var (type, packetId) in _acks)
        {
            MqttEncoder.WriteAck(writer, type, packetId);
        }

        _acks.Clear();
    }
}

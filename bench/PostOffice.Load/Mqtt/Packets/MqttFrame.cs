using System.Buffers;

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>One whole packet: the first byte of the fixed header and the bytes after the remaining length.</summary>
public readonly record struct MqttFrame(byte Header, ReadOnlySequence<byte> Body)
{
    public MqttPacketType Type => (MqttPacketType)(Header >> 4);

    public int Flags => Header & 0x0F;
}

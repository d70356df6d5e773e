using System.Buffers;

namespace PostOffice.Mqtt;

/// <summary>
/// One whole MQTT Control Packet: the first byte of the fixed header and the Remaining Length bytes.
/// <see cref="Body"/> is a slice of the caller's buffer; decode it before releasing that buffer.
/// </summary>
public readonly struct MqttFrame
{
    public MqttFrame(byte firstByte, ReadOnlySequence<byte> body)
    {
        FirstByte = firstByte;
        Body = body;
    }

    public byte FirstByte { get; }

    public MqttPacketType PacketType => (MqttPacketType)(FirstByte >> 4);

    /// <summary>The four low bits of the fixed header's first byte (2.1.3).</summary>
    public byte Flags => (byte)(FirstByte & 0x0F);

    public ReadOnlySequence<byte> Body { get; }
}

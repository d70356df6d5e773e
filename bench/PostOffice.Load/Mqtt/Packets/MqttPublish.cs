using System.Buffers;

namespace PostOffice.Load.Mqtt.Packets;

/// <summary>A received PUBLISH; <see cref="Payload"/> points into the receive buffer and is valid until the reader advances.</summary>
public readonly record struct MqttPublish(int Qos, bool Duplicate, ushort PacketId, ReadOnlySequence<byte> Topic, ReadOnlySequence<byte> Payload);

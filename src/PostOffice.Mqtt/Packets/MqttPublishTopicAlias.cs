using System.Buffers.Binary;

namespace PostOffice.Mqtt.Packets;

/// <summary>
/// Gives an encoded 5.0 PUBLISH that carries no Topic Alias one (3.3.2.3.4), with its Topic Name (which sets the
/// alias) or with a zero-length Topic Name (which uses it), by copying the packet around the new property. A server
/// encodes a message once for all its subscribers; this lets each connection add its own alias without encoding
/// the message again.
/// </summary>
/// <remarks>
/// The Topic Alias property goes first in the property list: its identifier (0x23) and a Two Byte Integer. The source
/// must be a whole, valid 5.0 PUBLISH (as <see cref="MqttPacketWriter"/> writes it) without a Topic Alias: a second
/// one would be a Protocol Error (2.2.2.2).
/// </remarks>
public static class MqttPublishTopicAlias
{
    private const int PropertySize = 3;

    /// <summary>The length of the Topic Name in an encoded PUBLISH, in bytes (without its two-byte length prefix).</summary>
    public static int GetTopicNameLength(ReadOnlySpan<byte> publish) => Parse(publish).TopicLength;

    /// <summary>The size of the packet <see cref="Write"/> produces.</summary>
    public static int GetSize(ReadOnlySpan<byte> publish, bool withTopicName) => Parse(publish).AliasedSize(withTopicName);

    /// <summary>
    /// Writes <paramref name="publish"/> with a Topic Alias of <paramref name="topicAlias"/> to
    /// <paramref name="destination"/>, keeping its Topic Name or leaving it empty; returns the bytes written.
    /// </summary>
    public static int Write(ReadOnlySpan<byte> publish, ushort topicAlias, bool withTopicName, Span<byte> destination)
    {
        // [MQTT-3.3.2-8]: a Topic Alias of 0 is never sent.
        ArgumentOutOfRangeException.ThrowIfZero(topicAlias);
        var layout = Parse(publish);
        var size = layout.AliasedSize(withTopicName);
        if (destination.Length < size)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the packet needs {size}", nameof(destination));
        }

        var propertiesLength = layout.PropertiesLength + PropertySize;
        var offset = 0;
        destination[offset++] = publish[0];
        offset += MqttPrimitiveWriter.WriteVariableByteInteger(destination[offset..], layout.AliasedRemainingLength(withTopicName));
        var topicLength = withTopicName ? layout.TopicLength : 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)topicLength);
        offset += 2;
        publish.Slice(layout.TopicOffset + 2, topicLength).CopyTo(destination[offset..]);
        offset += topicLength;
        if (layout.HasPacketIdentifier)
        {
            publish.Slice(layout.TopicOffset + 2 + layout.TopicLength, 2).CopyTo(destination[offset..]);
            offset += 2;
        }

        offset += MqttPrimitiveWriter.WriteVariableByteInteger(destination[offset..], propertiesLength);
        destination[offset++] = (byte)Properties.MqttPropertyIdentifier.TopicAlias;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], topicAlias);
        offset += 2;

        // The other properties, then the payload, unchanged.
        var rest = publish[layout.PropertiesOffset..];
        rest.CopyTo(destination[offset..]);
        return offset + rest.Length;
    }

    private static Layout Parse(ReadOnlySpan<byte> publish)
    {
        if (publish.IsEmpty || (publish[0] >> 4) != (int)MqttPacketType.Publish)
        {
            throw new ArgumentException("Not an encoded PUBLISH packet", nameof(publish));
        }

        var remainingLength = ReadVariableByteInteger(publish, 1, out var remainingLengthSize);
        var topicOffset = 1 + remainingLengthSize;
        if (topicOffset + remainingLength != publish.Length)
        {
            throw new ArgumentException("The PUBLISH packet is not whole", nameof(publish));
        }

        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(publish[topicOffset..]);
        var hasPacketIdentifier = ((publish[0] >> 1) & 0x03) != 0;
        var propertiesLengthOffset = topicOffset + 2 + topicLength + (hasPacketIdentifier ? 2 : 0);
        var propertiesLength = ReadVariableByteInteger(publish, propertiesLengthOffset, out var propertiesLengthSize);
        var propertiesOffset = propertiesLengthOffset + propertiesLengthSize;
        return new Layout(topicOffset, topicLength, hasPacketIdentifier, propertiesLength, propertiesOffset, publish.Length - propertiesOffset);
    }

    private static int ReadVariableByteInteger(ReadOnlySpan<byte> source, int offset, out int size)
    {
        var value = 0;
        size = 0;
        byte encoded;
        do
        {
            if (size == 4)
            {
                throw new ArgumentException("A Variable Byte Integer is longer than four bytes", nameof(source));
            }

            encoded = source[offset + size];
            value |= (encoded & 0x7F) << (7 * size);
            size++;
        }
        while ((encoded & 0x80) != 0);

        return value;
    }

    /// <param name="Rest">Bytes from the first property (or the payload, when there is none) to the end.</param>
    private readonly record struct Layout(int TopicOffset, int TopicLength, bool HasPacketIdentifier, int PropertiesLength, int PropertiesOffset, int Rest)
    {
        public int AliasedRemainingLength(bool withTopicName)
        {
            var propertiesLength = PropertiesLength + PropertySize;
            return 2 + (withTopicName ? TopicLength : 0) + (HasPacketIdentifier ? 2 : 0)
                + MqttPrimitiveWriter.GetVariableByteIntegerSize(propertiesLength) + PropertySize + Rest;
        }

        public int AliasedSize(bool withTopicName)
        {
            var remainingLength = AliasedRemainingLength(withTopicName);
            return 1 + MqttPrimitiveWriter.GetVariableByteIntegerSize(remainingLength) + remainingLength;
        }
    }
}

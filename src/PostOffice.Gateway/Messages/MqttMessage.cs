using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;
using PostOffice.Mqtt.Properties;

namespace PostOffice.Gateway.Messages;

/// <summary>
/// An application message as the gateway routes it: immutable once published, shared by every session it is
/// delivered to. The PUBLISH bytes sent to subscribers are encoded once per protocol level, delivered QoS and
/// retain flag and reused for every subscriber whose copy needs no per-subscriber property.
/// </summary>
public sealed class MqttMessage
{
    private byte[]?[]? _encoded;

    public required string Topic { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public MqttQualityOfService QualityOfService { get; init; }

    public bool Retain { get; init; }

    public byte? PayloadFormatIndicator { get; init; }

    /// <summary>Seconds the message lives from <see cref="ReceivedAt"/> (5.0 Message Expiry Interval); null: forever.</summary>
    public uint? MessageExpiryInterval { get; init; }

    public string? ContentType { get; init; }

    public string? ResponseTopic { get; init; }

    public byte[]? CorrelationData { get; init; }

    public MqttUserProperty[]? UserProperties { get; init; }

    /// <summary>The client that published it (for No Local); null for messages the server makes.</summary>
    public string? PublisherClientId { get; init; }

    /// <summary>When the server received it, in Unix milliseconds.</summary>
    public long ReceivedAt { get; init; }

    /// <summary>The id of its durable copy in the log; 0 while it has none.</summary>
    public long StoreId { get; set; }

    /// <summary>True when the message has outlived its Message Expiry Interval at <paramref name="now"/> (Unix ms).</summary>
    public bool IsExpired(long now) => MessageExpiryInterval is { } expiry && now - ReceivedAt >= expiry * 1000L;

    /// <summary>The expiry interval left at <paramref name="now"/>, which a forwarded copy carries [MQTT-3.3.2-6].</summary>
    public uint? RemainingExpiry(long now) =>
        MessageExpiryInterval is { } expiry ? (uint)Math.Max(0, expiry - ((now - ReceivedAt) / 1000)) : null;

    /// <summary>
    /// The PUBLISH packet for a subscriber, with packet identifier 0 when <paramref name="qos"/> is above 0 (the
    /// caller patches it at <see cref="PacketIdentifierOffset"/>). Cached unless per-subscriber properties are needed.
    /// </summary>
    public byte[] Encode(MqttProtocolVersion version, MqttQualityOfService qos, bool retain, long now, ReadOnlySpan<uint> subscriptionIdentifiers)
    {
        var remaining = RemainingExpiry(now);
        var cacheable = subscriptionIdentifiers.IsEmpty && remaining == MessageExpiryInterval;
        var slot = ((version == MqttProtocolVersion.V500 ? 1 : 0) * 6) + ((int)qos * 2) + (retain ? 1 : 0);
        if (cacheable && Volatile.Read(ref _encoded)?[slot] is { } cached)
        {
            return cached;
        }

        var packet = new MqttPublishPacket
        {
            TopicName = Topic,
            Payload = Payload,
            QualityOfService = qos,
            Retain = retain,
            PacketIdentifier = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : (ushort)1,
        };
        if (version == MqttProtocolVersion.V500)
        {
            var properties = packet.Properties;
            properties.PayloadFormatIndicator = PayloadFormatIndicator;
            properties.MessageExpiryInterval = remaining;
            properties.ContentType = ContentType;
            properties.ResponseTopic = ResponseTopic;
            properties.CorrelationData = CorrelationData;
            if (UserProperties is { } user)
            {
                properties.UserProperties.AddRange(user);
            }

            foreach (var id in subscriptionIdentifiers)
            {
                properties.SubscriptionIdentifiers.Add((int)id);
            }
        }

        var bytes = new byte[MqttPacketWriter.GetSize(packet, version)];
        MqttPacketWriter.Write(packet, version, bytes);
        if (cacheable)
        {
            var cache = Volatile.Read(ref _encoded) ?? Interlocked.CompareExchange(ref _encoded, new byte[12][], null) ?? _encoded!;
            Volatile.Write(ref cache[slot], bytes);
        }

        return bytes;
    }

    /// <summary>Where the packet identifier sits in an encoded PUBLISH with QoS above 0.</summary>
    public static int PacketIdentifierOffset(ReadOnlySpan<byte> publish)
    {
        var header = 1;
        while ((publish[header] & 0x80) != 0)
        {
            header++;
        }

        header++;
        var topicLength = (publish[header] << 8) | publish[header + 1];
        return header + 2 + topicLength;
    }

    /// <summary>Builds the message a client's PUBLISH carries.</summary>
    public static MqttMessage FromPublish(MqttPublishPacket packet, string topic, string? clientId, long now)
    {
        var properties = packet.Properties;
        return new MqttMessage
        {
            Topic = topic,
            Payload = packet.Payload,
            QualityOfService = packet.QualityOfService,
            Retain = packet.Retain,
            PayloadFormatIndicator = properties.PayloadFormatIndicator,
            MessageExpiryInterval = properties.MessageExpiryInterval,
            ContentType = properties.ContentType,
            ResponseTopic = properties.ResponseTopic,
            CorrelationData = properties.CorrelationData,
            UserProperties = properties.UserProperties.Count == 0 ? null : [.. properties.UserProperties],
            PublisherClientId = clientId,
            ReceivedAt = now,
        };
    }

    /// <summary>Builds the message of a client's Will.</summary>
    public static MqttMessage FromWill(MqttWill will, string clientId, long now)
    {
        var properties = will.Properties;
        return new MqttMessage
        {
            Topic = will.Topic,
            Payload = will.Payload,
            QualityOfService = will.QualityOfService,
            Retain = will.Retain,
            PayloadFormatIndicator = properties.PayloadFormatIndicator,
            MessageExpiryInterval = properties.MessageExpiryInterval,
            ContentType = properties.ContentType,
            ResponseTopic = properties.ResponseTopic,
            CorrelationData = properties.CorrelationData,
            UserProperties = properties.UserProperties.Count == 0 ? null : [.. properties.UserProperties],
            PublisherClientId = clientId,
            ReceivedAt = now,
        };
    }
}

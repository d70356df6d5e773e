using System.Buffers;
using Id = PostOffice.Mqtt.Properties.MqttPropertyIdentifier;

namespace PostOffice.Mqtt.Properties;

public sealed partial class MqttProperties
{
    /// <summary>
    /// Reads a Property Length (Variable Byte Integer) and the properties it covers (2.2.2). A property not
    /// allowed in <paramref name="context"/>, or repeated where table 2-4 forbids it, is a Protocol Error.
    /// </summary>
    internal static MqttProperties Read(ref SequenceReader<byte> reader, MqttPropertyContext context)
    {
        var length = MqttPrimitiveReader.ReadVariableByteInteger(ref reader);
        if (reader.Remaining < length)
        {
            MqttProtocolException.ThrowMalformed("Property Length runs past the end of the packet");
        }

        var properties = new MqttProperties();
        var end = reader.Consumed + length;
        ulong seen = 0;
        while (reader.Consumed < end)
        {
            var identifierValue = MqttPrimitiveReader.ReadVariableByteInteger(ref reader);
            if (identifierValue is <= 0 or > 0x2A || !Enum.IsDefined((MqttPropertyIdentifier)identifierValue))
            {
                MqttProtocolException.ThrowMalformed($"Unknown property identifier 0x{identifierValue:X2}");
            }

            var identifier = (MqttPropertyIdentifier)identifierValue;
            if (!MqttPropertyRules.IsAllowed(context, identifier))
            {
                MqttProtocolException.ThrowProtocolError($"Property {identifier} is not allowed in {context}");
            }

            var bit = 1UL << identifierValue;
            var repeatable = identifier == Id.UserProperty
                || (identifier == Id.SubscriptionIdentifier && context == MqttPropertyContext.Publish);
            if ((seen & bit) != 0 && !repeatable)
            {
                // 2.2.2.2 and the "more than once" rule stated for each property in 3.x.2.
                MqttProtocolException.ThrowProtocolError($"Property {identifier} appears more than once");
            }

            seen |= bit;
            properties.ReadValue(ref reader, identifier);
        }

        if (reader.Consumed != end)
        {
            MqttProtocolException.ThrowMalformed("A property value runs past the Property Length");
        }

        return properties;
    }

    private void ReadValue(ref SequenceReader<byte> reader, MqttPropertyIdentifier identifier)
    {
        switch (identifier)
        {
            case Id.PayloadFormatIndicator: PayloadFormatIndicator = ReadZeroOrOne(ref reader, identifier); break;
            case Id.MessageExpiryInterval: MessageExpiryInterval = MqttPrimitiveReader.ReadFourByteInteger(ref reader); break;
            case Id.ContentType: ContentType = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.ResponseTopic: ResponseTopic = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.CorrelationData: CorrelationData = MqttPrimitiveReader.ReadBinaryData(ref reader); break;
            case Id.SubscriptionIdentifier:
                var subscriptionIdentifier = MqttPrimitiveReader.ReadVariableByteInteger(ref reader);
                if (subscriptionIdentifier == 0)
                {
                    MqttProtocolException.ThrowProtocolError("Subscription Identifier 0 (3.3.2.3.8, 3.8.2.1.2)");
                }

                SubscriptionIdentifiers.Add(subscriptionIdentifier);
                break;
            case Id.SessionExpiryInterval: SessionExpiryInterval = MqttPrimitiveReader.ReadFourByteInteger(ref reader); break;
            case Id.AssignedClientIdentifier: AssignedClientIdentifier = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.ServerKeepAlive: ServerKeepAlive = MqttPrimitiveReader.ReadTwoByteInteger(ref reader); break;
            case Id.AuthenticationMethod: AuthenticationMethod = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.AuthenticationData: AuthenticationData = MqttPrimitiveReader.ReadBinaryData(ref reader); break;
            case Id.RequestProblemInformation: RequestProblemInformation = ReadZeroOrOne(ref reader, identifier); break;
            case Id.WillDelayInterval: WillDelayInterval = MqttPrimitiveReader.ReadFourByteInteger(ref reader); break;
            case Id.RequestResponseInformation: RequestResponseInformation = ReadZeroOrOne(ref reader, identifier); break;
            case Id.ResponseInformation: ResponseInformation = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.ServerReference: ServerReference = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.ReasonString: ReasonString = MqttPrimitiveReader.ReadUtf8String(ref reader); break;
            case Id.ReceiveMaximum: ReceiveMaximum = ReadNonZeroTwoByteInteger(ref reader, identifier); break;
            case Id.TopicAliasMaximum: TopicAliasMaximum = MqttPrimitiveReader.ReadTwoByteInteger(ref reader); break;
            case Id.TopicAlias:
                TopicAlias = MqttPrimitiveReader.ReadTwoByteInteger(ref reader);
                if (TopicAlias == 0)
                {
                    MqttProtocolException.Throw(MqttReasonCode.TopicAliasInvalid, "Topic Alias 0 [MQTT-3.3.2-8]");
                }

                break;
            case Id.MaximumQoS: MaximumQoS = ReadZeroOrOne(ref reader, identifier); break;
            case Id.RetainAvailable: RetainAvailable = ReadZeroOrOne(ref reader, identifier); break;
            case Id.UserProperty:
                var name = MqttPrimitiveReader.ReadUtf8String(ref reader);
                var value = MqttPrimitiveReader.ReadUtf8String(ref reader);
                UserProperties.Add(new MqttUserProperty(name, value));
                break;
            case Id.MaximumPacketSize:
                MaximumPacketSize = MqttPrimitiveReader.ReadFourByteInteger(ref reader);
                if (MaximumPacketSize == 0)
                {
                    MqttProtocolException.ThrowProtocolError("Maximum Packet Size 0 (3.1.2.11.4)");
                }

                break;
            case Id.WildcardSubscriptionAvailable: WildcardSubscriptionAvailable = ReadZeroOrOne(ref reader, identifier); break;
            case Id.SubscriptionIdentifierAvailable: SubscriptionIdentifierAvailable = ReadZeroOrOne(ref reader, identifier); break;
            case Id.SharedSubscriptionAvailable: SharedSubscriptionAvailable = ReadZeroOrOne(ref reader, identifier); break;
            default: MqttProtocolException.ThrowMalformed($"Unknown property identifier {identifier}"); break;
        }
    }

    // Table 2-4 byte properties whose spec text says "a value other than 0 or 1 is a Protocol Error".
    private static byte ReadZeroOrOne(ref SequenceReader<byte> reader, MqttPropertyIdentifier identifier)
    {
        var value = MqttPrimitiveReader.ReadByte(ref reader);
        if (value > 1)
        {
            MqttProtocolException.ThrowProtocolError($"{identifier} must be 0 or 1, was {value}");
        }

        return value;
    }

    private static ushort ReadNonZeroTwoByteInteger(ref SequenceReader<byte> reader, MqttPropertyIdentifier identifier)
    {
        var value = MqttPrimitiveReader.ReadTwoByteInteger(ref reader);
        if (value == 0)
        {
            MqttProtocolException.ThrowProtocolError($"{identifier} must not be 0");
        }

        return value;
    }
}

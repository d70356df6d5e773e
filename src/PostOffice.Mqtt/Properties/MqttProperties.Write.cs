using Id = PostOffice.Mqtt.Properties.MqttPropertyIdentifier;

namespace PostOffice.Mqtt.Properties;

public sealed partial class MqttProperties
{
    /// <summary>
    /// Size of the properties without the Property Length prefix. Throws ArgumentException when a property
    /// set here is not allowed in <paramref name="context"/> (table 2-4): sending it would be a Protocol Error.
    /// </summary>
    internal int GetContentSize(MqttPropertyContext context)
    {
        var size = 0;
        size += Size(context, Id.PayloadFormatIndicator, PayloadFormatIndicator.HasValue ? 1 : -1);
        size += Size(context, Id.MessageExpiryInterval, MessageExpiryInterval.HasValue ? 4 : -1);
        size += Size(context, Id.ContentType, StringSize(ContentType));
        size += Size(context, Id.ResponseTopic, StringSize(ResponseTopic));
        size += Size(context, Id.CorrelationData, CorrelationData is null ? -1 : MqttPrimitiveWriter.GetBinaryDataSize(CorrelationData));
        if (_subscriptionIdentifiers is { Count: > 0 })
        {
            if (context == MqttPropertyContext.Subscribe && _subscriptionIdentifiers.Count > 1)
            {
                throw new ArgumentException("SUBSCRIBE carries at most one Subscription Identifier (3.8.2.1.2)");
            }

            foreach (var identifier in _subscriptionIdentifiers)
            {
                if (identifier == 0)
                {
                    throw new ArgumentException("Subscription Identifier must be 1..268,435,455");
                }

                size += Size(context, Id.SubscriptionIdentifier, MqttPrimitiveWriter.GetVariableByteIntegerSize(identifier));
            }
        }

        size += Size(context, Id.SessionExpiryInterval, SessionExpiryInterval.HasValue ? 4 : -1);
        size += Size(context, Id.AssignedClientIdentifier, StringSize(AssignedClientIdentifier));
        size += Size(context, Id.ServerKeepAlive, ServerKeepAlive.HasValue ? 2 : -1);
        size += Size(context, Id.AuthenticationMethod, StringSize(AuthenticationMethod));
        size += Size(context, Id.AuthenticationData, AuthenticationData is null ? -1 : MqttPrimitiveWriter.GetBinaryDataSize(AuthenticationData));
        size += Size(context, Id.RequestProblemInformation, RequestProblemInformation.HasValue ? 1 : -1);
        size += Size(context, Id.WillDelayInterval, WillDelayInterval.HasValue ? 4 : -1);
        size += Size(context, Id.RequestResponseInformation, RequestResponseInformation.HasValue ? 1 : -1);
        size += Size(context, Id.ResponseInformation, StringSize(ResponseInformation));
        size += Size(context, Id.ServerReference, StringSize(ServerReference));
        size += Size(context, Id.ReasonString, StringSize(ReasonString));
        size += Size(context, Id.ReceiveMaximum, ReceiveMaximum.HasValue ? 2 : -1);
        size += Size(context, Id.TopicAliasMaximum, TopicAliasMaximum.HasValue ? 2 : -1);
        size += Size(context, Id.TopicAlias, TopicAlias.HasValue ? 2 : -1);
        size += Size(context, Id.MaximumQoS, MaximumQoS.HasValue ? 1 : -1);
        size += Size(context, Id.RetainAvailable, RetainAvailable.HasValue ? 1 : -1);
        size += Size(context, Id.MaximumPacketSize, MaximumPacketSize.HasValue ? 4 : -1);
        size += Size(context, Id.WildcardSubscriptionAvailable, WildcardSubscriptionAvailable.HasValue ? 1 : -1);
        size += Size(context, Id.SubscriptionIdentifierAvailable, SubscriptionIdentifierAvailable.HasValue ? 1 : -1);
        size += Size(context, Id.SharedSubscriptionAvailable, SharedSubscriptionAvailable.HasValue ? 1 : -1);
        foreach (var userProperty in _userProperties ?? [])
        {
            size += Size(context, Id.UserProperty, StringSize(userProperty.Name) + StringSize(userProperty.Value));
        }

        return size;
    }

    /// <summary>Property Length plus properties; <paramref name="contentSize"/> comes from GetContentSize.</summary>
    internal static int GetSize(int contentSize) => MqttPrimitiveWriter.GetVariableByteIntegerSize(contentSize) + contentSize;

    /// <summary>Writes Property Length and the properties, in identifier order with User Properties last.</summary>
    internal void Write(ref MqttSpanWriter writer, int contentSize)
    {
        writer.WriteVariableByteInteger(contentSize);
        WriteByte(ref writer, PayloadFormatIndicator, Id.PayloadFormatIndicator);
        WriteFourByte(ref writer, MessageExpiryInterval, Id.MessageExpiryInterval);
        WriteString(ref writer, ContentType, Id.ContentType);
        WriteString(ref writer, ResponseTopic, Id.ResponseTopic);
        WriteBinary(ref writer, CorrelationData, Id.CorrelationData);
        foreach (var identifier in _subscriptionIdentifiers ?? [])
        {
            writer.WriteByte((byte)Id.SubscriptionIdentifier);
            writer.WriteVariableByteInteger(identifier);
        }

        WriteFourByte(ref writer, SessionExpiryInterval, Id.SessionExpiryInterval);
        WriteString(ref writer, AssignedClientIdentifier, Id.AssignedClientIdentifier);
        WriteTwoByte(ref writer, ServerKeepAlive, Id.ServerKeepAlive);
        WriteString(ref writer, AuthenticationMethod, Id.AuthenticationMethod);
        WriteBinary(ref writer, AuthenticationData, Id.AuthenticationData);
        WriteByte(ref writer, RequestProblemInformation, Id.RequestProblemInformation);
        WriteFourByte(ref writer, WillDelayInterval, Id.WillDelayInterval);
        WriteByte(ref writer, RequestResponseInformation, Id.RequestResponseInformation);
        WriteString(ref writer, ResponseInformation, Id.ResponseInformation);
        WriteString(ref writer, ServerReference, Id.ServerReference);
        WriteString(ref writer, ReasonString, Id.ReasonString);
        WriteTwoByte(ref writer, ReceiveMaximum, Id.ReceiveMaximum);
        WriteTwoByte(ref writer, TopicAliasMaximum, Id.TopicAliasMaximum);
        WriteTwoByte(ref writer, TopicAlias, Id.TopicAlias);
        WriteByte(ref writer, MaximumQoS, Id.MaximumQoS);
        WriteByte(ref writer, RetainAvailable, Id.RetainAvailable);
        WriteFourByte(ref writer, MaximumPacketSize, Id.MaximumPacketSize);
        WriteByte(ref writer, WildcardSubscriptionAvailable, Id.WildcardSubscriptionAvailable);
        WriteByte(ref writer, SubscriptionIdentifierAvailable, Id.SubscriptionIdentifierAvailable);
        WriteByte(ref writer, SharedSubscriptionAvailable, Id.SharedSubscriptionAvailable);
        foreach (var userProperty in _userProperties ?? [])
        {
            writer.WriteByte((byte)Id.UserProperty);
            writer.WriteUtf8String(userProperty.Name);
            writer.WriteUtf8String(userProperty.Value);
        }
    }

    private static int StringSize(string? value) => value is null ? -1 : MqttPrimitiveWriter.GetUtf8StringSize(value);

    // valueSize < 0 means absent. Every identifier here is below 0x80, so it takes one byte as a VBI.
    private static int Size(MqttPropertyContext context, MqttPropertyIdentifier identifier, int valueSize)
    {
        if (valueSize < 0)
        {
            return 0;
        }

        if (!MqttPropertyRules.IsAllowed(context, identifier))
        {
            throw new ArgumentException($"Property {identifier} is not allowed in {context}");
        }

        return 1 + valueSize;
    }

    private static void WriteByte(ref MqttSpanWriter writer, byte? value, MqttPropertyIdentifier identifier)
    {
        if (value.HasValue)
        {
            writer.WriteByte((byte)identifier);
            writer.WriteByte(value.Value);
        }
    }

    private static void WriteTwoByte(ref MqttSpanWriter writer, ushort? value, MqttPropertyIdentifier identifier)
    {
        if (value.HasValue)
        {
            writer.WriteByte((byte)identifier);
            writer.WriteTwoByteInteger(value.Value);
        }
    }

    private static void WriteFourByte(ref MqttSpanWriter writer, uint? value, MqttPropertyIdentifier identifier)
    {
        if (value.HasValue)
        {
            writer.WriteByte((byte)identifier);
            writer.WriteFourByteInteger(value.Value);
        }
    }

    private static void WriteString(ref MqttSpanWriter writer, string? value, MqttPropertyIdentifier identifier)
    {
        if (value is not null)
        {
            writer.WriteByte((byte)identifier);
            writer.WriteUtf8String(value);
        }
    }

    private static void WriteBinary(ref MqttSpanWriter writer, byte[]? value, MqttPropertyIdentifier identifier)
    {
        if (value is not null)
        {
            writer.WriteByte((byte)identifier);
            writer.WriteBinaryData(value);
        }
    }
}

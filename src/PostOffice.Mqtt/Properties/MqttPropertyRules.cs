using static PostOffice.Mqtt.Properties.MqttPropertyIdentifier;

namespace PostOffice.Mqtt.Properties;

/// <summary>Table 2-4 of the MQTT 5.0 spec as data: which property may appear in which packet.</summary>
internal static class MqttPropertyRules
{
    private static readonly ulong[] AllowedByContext = BuildAllowed();

    public static bool IsAllowed(MqttPropertyContext context, MqttPropertyIdentifier identifier) =>
        (AllowedByContext[(int)context] & (1UL << (int)identifier)) != 0;

    private static ulong[] BuildAllowed()
    {
        var allowed = new ulong[Enum.GetValues<MqttPropertyContext>().Length];
        void Allow(MqttPropertyIdentifier identifier, params MqttPropertyContext[] contexts)
        {
            foreach (var context in contexts)
            {
                allowed[(int)context] |= 1UL << (int)identifier;
            }
        }

        const MqttPropertyContext connect = MqttPropertyContext.Connect;
        const MqttPropertyContext will = MqttPropertyContext.Will;
        const MqttPropertyContext connAck = MqttPropertyContext.ConnAck;
        const MqttPropertyContext publish = MqttPropertyContext.Publish;
        const MqttPropertyContext response = MqttPropertyContext.PublishResponse;
        const MqttPropertyContext subscribe = MqttPropertyContext.Subscribe;
        const MqttPropertyContext subAck = MqttPropertyContext.SubAck;
        const MqttPropertyContext unsubscribe = MqttPropertyContext.Unsubscribe;
        const MqttPropertyContext unsubAck = MqttPropertyContext.UnsubAck;
        const MqttPropertyContext disconnect = MqttPropertyContext.Disconnect;
        const MqttPropertyContext auth = MqttPropertyContext.Auth;

        Allow(PayloadFormatIndicator, publish, will);
        Allow(MessageExpiryInterval, publish, will);
        Allow(ContentType, publish, will);
        Allow(ResponseTopic, publish, will);
        Allow(CorrelationData, publish, will);
        Allow(SubscriptionIdentifier, publish, subscribe);
        Allow(SessionExpiryInterval, connect, connAck, disconnect);
        Allow(AssignedClientIdentifier, connAck);
        Allow(ServerKeepAlive, connAck);
        Allow(AuthenticationMethod, connect, connAck, auth);
        Allow(AuthenticationData, connect, connAck, auth);
        Allow(RequestProblemInformation, connect);
        Allow(WillDelayInterval, will);
        Allow(RequestResponseInformation, connect);
        Allow(ResponseInformation, connAck);
        Allow(ServerReference, connAck, disconnect);
        Allow(ReasonString, connAck, response, subAck, unsubAck, disconnect, auth);
        Allow(ReceiveMaximum, connect, connAck);
        Allow(TopicAliasMaximum, connect, connAck);
        Allow(TopicAlias, publish);
        Allow(MaximumQoS, connAck);
        Allow(RetainAvailable, connAck);
        Allow(UserProperty, connect, will, connAck, publish, response, subscribe, subAck, unsubscribe, unsubAck, disconnect, auth);
        Allow(MaximumPacketSize, connect, connAck);
        Allow(WildcardSubscriptionAvailable, connAck);
        Allow(SubscriptionIdentifierAvailable, connAck);
        Allow(SharedSubscriptionAvailable, connAck);
        return allowed;
    }
}

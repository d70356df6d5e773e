using PostOffice.Gateway.Routing;
using PostOffice.Mqtt;
using PostOffice.Mqtt.Packets;

namespace PostOffice.Gateway.Connections;

internal sealed partial class MqttConnection
{
    private async ValueTask HandleSubscribeAsync(MqttSubscribePacket subscribe)
    {
        var v5 = Version == MqttProtocolVersion.V500;
        uint subscriptionIdentifier = 0;
        if (subscribe.Properties.SubscriptionIdentifiers.Count > 0)
        {
            subscriptionIdentifier = (uint)subscribe.Properties.SubscriptionIdentifiers[0];
        }

        var ack = new MqttSubAckPacket { PacketIdentifier = subscribe.PacketIdentifier };
        var accepted = new List<(string Filter, SubscriptionOptions Options, bool Existed)>(subscribe.Subscriptions.Count);
        foreach (var subscription in subscribe.Subscriptions)
        {
            var filter = subscription.TopicFilter;
            var shared = MqttTopic.IsSharedSubscription(filter);
            if (shared && subscription.NoLocal)
            {
                // [MQTT-3.8.3-4]: No Local on a shared subscription is a Protocol Error.
                throw new MqttProtocolException(MqttReasonCode.ProtocolError, "No Local on a shared subscription [MQTT-3.8.3-4]");
            }

            if (!MqttTopic.IsValidTopicFilter(filter))
            {
                ack.ReasonCodes.Add(v5 ? MqttReasonCode.TopicFilterInvalid : MqttReasonCode.UnspecifiedError);
                continue;
            }

            if (!_broker.Authorizer.CanSubscribe(Identity, ClientId, filter))
            {
                Log.SubscribeDenied(_broker.Logger, ClientId, filter);
                ack.ReasonCodes.Add(v5 ? MqttReasonCode.NotAuthorized : MqttReasonCode.UnspecifiedError);
                continue;
            }

            var options = new SubscriptionOptions(
                subscription.MaximumQualityOfService,
                subscription.NoLocal,
                subscription.RetainAsPublished,
                subscription.RetainHandling,
                subscriptionIdentifier);
            accepted.Add((filter, options, false));
            ack.ReasonCodes.Add((MqttReasonCode)(byte)subscription.MaximumQualityOfService);
        }

        if (accepted.Count > 0)
        {
            var existed = _broker.Subscribe(Session!, accepted);
            await existed.Durable.ConfigureAwait(false);
            for (var i = 0; i < accepted.Count; i++)
            {
                accepted[i] = accepted[i] with { Existed = existed.Replaced[i] };
            }
        }

        SendPacket(ack);

        // Retained messages follow the SUBACK [MQTT-3.3.1-9], [MQTT-3.3.1-10]: per Retain Handling.
        foreach (var (filter, options, existed) in accepted)
        {
            if (options.RetainHandling == MqttRetainHandling.DoNotSend
                || (options.RetainHandling == MqttRetainHandling.SendAtSubscribeIfNew && existed)
                || MqttTopic.IsSharedSubscription(filter))
            {
                continue;
            }

            _broker.SendRetained(Session!, filter, options);
        }
    }

    private async ValueTask HandleUnsubscribeAsync(MqttUnsubscribePacket unsubscribe)
    {
        var (removed, durable) = _broker.Unsubscribe(Session!, unsubscribe.TopicFilters);
        await durable.ConfigureAwait(false);
        var ack = new MqttUnsubAckPacket { PacketIdentifier = unsubscribe.PacketIdentifier };
        if (Version == MqttProtocolVersion.V500)
        {
            foreach (var existed in removed)
            {
                ack.ReasonCodes.Add(existed ? MqttReasonCode.Success : MqttReasonCode.NoSubscriptionExisted);
            }
        }

        SendPacket(ack);
    }
}

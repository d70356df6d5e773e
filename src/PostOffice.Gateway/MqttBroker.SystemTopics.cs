using System.Globalization;
using System.Text;
using PostOffice.Gateway.Messages;
using PostOffice.Mqtt;

namespace PostOffice.Gateway;

public sealed partial class MqttBroker
{
    /// <summary>The prefix of the statistics topics; never matched by a filter starting with a wildcard [MQTT-4.7.2-1].</summary>
    internal const string SystemTopicPrefix = "$SYS/";

    /// <summary>
    /// Publishes the broker's statistics under $SYS/broker/..., retained, with the names and text formats Mosquitto
    /// uses, so dashboards written for Mosquitto read them unchanged. They are not stored: they are recomputed.
    /// </summary>
    private void PublishSystemTopics()
    {
        var statistics = Statistics;
        var connected = statistics.ClientsConnected;
        var sessions = _sessions.Count;
        PublishSystem("$SYS/broker/version", Options.Version);
        PublishSystem("$SYS/broker/uptime", $"{(Now - _startedAt) / 1000} seconds");
        PublishSystem("$SYS/broker/clients/connected", connected);
        PublishSystem("$SYS/broker/clients/active", connected);
        PublishSystem("$SYS/broker/clients/disconnected", Math.Max(0, sessions - connected));
        PublishSystem("$SYS/broker/clients/inactive", Math.Max(0, sessions - connected));
        PublishSystem("$SYS/broker/clients/total", sessions);
        PublishSystem("$SYS/broker/clients/maximum", statistics.ClientsMaximum);
        PublishSystem("$SYS/broker/messages/received", statistics.MessagesReceived);
        PublishSystem("$SYS/broker/messages/sent", statistics.MessagesSent);
        PublishSystem("$SYS/broker/publish/messages/received", statistics.MessagesReceived);
        PublishSystem("$SYS/broker/publish/messages/dropped", statistics.PublishDropped);
        PublishSystem("$SYS/broker/bytes/received", statistics.BytesReceived);
        PublishSystem("$SYS/broker/bytes/sent", statistics.BytesSent);
        PublishSystem("$SYS/broker/subscriptions/count", Subscriptions.Count);
        PublishSystem("$SYS/broker/retained messages/count", Retained.Count);
    }

    private void PublishSystem(string topic, long value) => PublishSystem(topic, value.ToString(CultureInfo.InvariantCulture));

    private void PublishSystem(string topic, string value)
    {
        var message = new MqttMessage
        {
            Topic = topic,
            Payload = Encoding.UTF8.GetBytes(value),
            QualityOfService = MqttQualityOfService.AtMostOnce,
            Retain = true,
            ReceivedAt = Now,
        };
        Forget(Publish(message, out _));
    }
}

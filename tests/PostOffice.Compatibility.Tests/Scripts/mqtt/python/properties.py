"""MQTT 5.0 PUBLISH properties the server forwards unaltered (section 3.3.2.3): User Properties in their order,
duplicates kept (MQTT-3.3.2-18), Content Type, Response Topic, Correlation Data and Payload Format Indicator
(MQTT-3.3.2-4, MQTT-3.3.2-15, MQTT-3.3.2-16, MQTT-3.3.2-20)."""

from mqtt_common import PREFIX, Client, describe, publish_properties, record, run, step, topic


def scenario():
    step("subscribe")
    subscriber = Client(f"{PREFIX}-sub", version=5).connect()
    subscriber.subscribe(topic("props"), qos=1)

    step("publish")
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    properties = publish_properties(
        UserProperty=[("colour", "blue"), ("size", "10"), ("colour", "red")],
        ContentType="application/json",
        ResponseTopic=topic("reply"),
        CorrelationData=b"\x00\x01corr\xff",
        PayloadFormatIndicator=1,
    )
    publisher.publish(topic("props"), '{"a": 1}', qos=1, properties=properties)

    step("receive")
    record("received", [describe(m) for m in subscriber.receive(1, "the message with properties")])
    publisher.disconnect()
    subscriber.disconnect()


run(scenario)

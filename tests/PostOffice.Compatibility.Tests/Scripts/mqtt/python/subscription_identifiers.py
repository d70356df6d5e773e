"""Subscription Identifiers (MQTT 5.0 section 3.8.2.1.2, MQTT-3.3.4-3, MQTT-3.3.4-4, MQTT-3.3.4-5): a message carries
the identifier of the subscription that matched it; without an identifier it carries none; when two subscriptions
of one client match, the copies (one or one per subscription, as the server chooses) carry both identifiers.
Messages are recorded up to the "end" marker."""

from mqtt_common import PREFIX, Client, describe, record, run, step, topic


def scenario():
    step("subscribe")
    client = Client(f"{PREFIX}-sub", version=5).connect()
    client.subscribe(topic("si/a/+"), qos=1, subscription_identifier=7)
    client.subscribe(topic("si/b"), qos=1, subscription_identifier=268435455)
    client.subscribe(topic("si/c"), qos=1)
    client.subscribe(topic("si/o/+"), qos=1, subscription_identifier=5)
    client.subscribe(topic("si/o/#"), qos=1, subscription_identifier=6)

    step("publish")
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    for name, payload in (("si/a/x", "a"), ("si/b", "b"), ("si/c", "c"), ("si/o/x", "o"), ("si/c", "end")):
        publisher.publish(topic(name), payload, qos=1)

    step("receive")
    record("received", [describe(m) for m in client.receive_until(lambda m: m.payload == b"end", "end")])
    publisher.disconnect()
    client.disconnect()


run(scenario)

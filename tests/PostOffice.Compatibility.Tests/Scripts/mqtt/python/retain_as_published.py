"""Retain As Published (MQTT 5.0 section 3.8.3.1, MQTT-3.3.1-12, MQTT-3.3.1-13): a retained message sent because of
a new subscription always has RETAIN=1; a message forwarded live keeps its RETAIN flag only on a subscription with
Retain As Published, and has RETAIN=0 otherwise."""

from mqtt_common import PREFIX, Client, describe, record, run, step, topic


def scenario():
    subject = topic("rap")
    step("retain")
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    publisher.publish(subject, "stored", qos=1, retain=True)

    step("subscribe")
    keeping = Client(f"{PREFIX}-keeping", version=5).connect()
    keeping.subscribe(subject, qos=1, retain_as_published=True)
    clearing = Client(f"{PREFIX}-clearing", version=5).connect()
    clearing.subscribe(subject, qos=1, retain_as_published=False)

    step("publish-live")
    publisher.publish(subject, "live", qos=1, retain=True)

    step("receive")
    record("retainAsPublished", [describe(m) for m in keeping.receive(2, "stored and live")])
    record("plain", [describe(m) for m in clearing.receive(2, "stored and live")])

    step("clear")
    publisher.publish(subject, b"", qos=1, retain=True)
    for client in (publisher, keeping, clearing):
        client.disconnect()


run(scenario)

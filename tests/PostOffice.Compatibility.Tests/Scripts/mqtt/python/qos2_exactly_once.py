"""QoS 2 delivers each message exactly once (MQTT 4.3.3): COUNT messages published at QoS 2 to a QoS 2 subscriber,
then a marker; every payload received before the marker is recorded, duplicates included."""

import os

from mqtt_common import PREFIX, Client, record, run, step, topic

COUNT = int(os.environ.get("COUNT", "50"))


def scenario():
    step("subscribe")
    subscriber = Client(f"{PREFIX}-sub").connect()
    subscriber.subscribe(topic("exactly-once"), qos=2)

    step("publish")
    publisher = Client(f"{PREFIX}-pub").connect()
    for index in range(COUNT):
        publisher.publish(topic("exactly-once"), f"m-{index}", qos=2)
    publisher.publish(topic("exactly-once"), "end", qos=2)

    step("receive")
    received = subscriber.receive_until(lambda m: m.payload == b"end", "the end marker")
    record("payloads", [m.payload.decode() for m in received])
    record("qos", sorted({m.qos for m in received}))
    publisher.disconnect()
    subscriber.disconnect()


run(scenario)

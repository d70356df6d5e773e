"""A fast subscriber keeps receiving while another subscriber of the same topic does not read at all: a subscriber
at QoS 1 receives all COUNT messages of SIZE bytes that a publisher sends at QoS 1 (each acknowledged before the
next). Records how many arrived and their payload sizes."""

import os

from mqtt_common import PREFIX, Client, record, run, step, topic

COUNT = int(os.environ.get("COUNT", "100"))
SIZE = int(os.environ.get("SIZE", "102400"))


def scenario():
    subject = topic(os.environ.get("TOPIC_NAME", "fan-out"))
    step("subscribe")
    fast = Client(f"{PREFIX}-fast").connect()
    fast.subscribe(subject, qos=1)

    step("publish")
    publisher = Client(f"{PREFIX}-pub").connect()
    for index in range(COUNT):
        publisher.publish(subject, (f"{index:08d}" + "x" * SIZE)[:SIZE], qos=1)

    step("receive")
    received = fast.receive(COUNT, "messages for the fast subscriber")
    record("received", len(received))
    record("indexes", [int(m.payload[:8]) for m in received])
    record("sizes", sorted({len(m.payload) for m in received}))
    publisher.disconnect()
    fast.disconnect()


run(scenario)

"""Shared subscriptions (MQTT 5.0 section 4.8.2): two members of $share/group/TOPIC split the messages published to
TOPIC, each message going to exactly one member, while an ordinary subscriber to TOPIC gets all of them.

The members' connections are not ordered with each other, so the group's deliveries are collected until every
published payload has arrived; then each member gets a fence on its own (non-shared) topic, and deliveries are
collected until both fences: a duplicate queued to either member would come before that member's fence. Records
the ordinary subscriber's payloads and every group delivery with the member's name."""

import os
import queue

from mqtt_common import PREFIX, WAIT, Client, ScenarioFailure, record, run, step, topic

COUNT = int(os.environ.get("COUNT", "20"))
MEMBERS = ("one", "two")


def scenario():
    step("subscribe")
    shared = topic("shared")
    inbox = queue.Queue()
    members = []
    for name in MEMBERS:
        member = Client(f"{PREFIX}-{name}", version=5).connect()
        member.paho.on_message = lambda _c, _u, message, name=name: inbox.put((name, message))
        member.subscribe(f"$share/group/{shared}", qos=1)
        member.subscribe(topic(f"fence/{name}"), qos=1)
        members.append(member)
    everything = Client(f"{PREFIX}-all", version=5).connect()
    everything.subscribe(shared, qos=1)

    step("publish")
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    published = [f"m-{index}" for index in range(COUNT)] + ["end"]
    for payload in published:
        publisher.publish(shared, payload, qos=1)

    step("receive-ordinary")
    record("ordinary", [m.payload.decode() for m in everything.receive_until(lambda m: m.payload == b"end", "end")])

    deliveries = []
    fences = set()

    def take(what):
        try:
            name, message = inbox.get(timeout=WAIT)
        except queue.Empty:
            raise ScenarioFailure(f"the group: {what} not within {WAIT} s; got {deliveries}, fences {sorted(fences)}")
        if message.topic == shared:
            deliveries.append({"member": name, "payload": message.payload.decode()})
        else:
            fences.add(name)

    step("receive-group")
    while not set(published) <= {delivery["payload"] for delivery in deliveries}:
        take("every published message")

    step("fences")
    for name in MEMBERS:
        publisher.publish(topic(f"fence/{name}"), "fence", qos=1)
    while fences != set(MEMBERS):
        take("both fences")
    record("group", deliveries)
    for client in members + [everything, publisher]:
        client.disconnect()


run(scenario)

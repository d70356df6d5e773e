"""Shared subscriptions (MQTT 5.0 section 4.8.2): two members of $share/group/TOPIC split the messages published to
TOPIC, each message going to exactly one member, while an ordinary subscriber to TOPIC gets all of them. After COUNT
messages an "end" marker is published; everything both members received up to it is recorded with the member's
name."""

import os
import queue

from mqtt_common import PREFIX, WAIT, Client, ScenarioFailure, record, run, step, topic

COUNT = int(os.environ.get("COUNT", "20"))


def scenario():
    step("subscribe")
    shared = topic("shared")
    inbox = queue.Queue()
    members = []
    for name in ("one", "two"):
        member = Client(f"{PREFIX}-{name}", version=5).connect()
        member.paho.on_message = lambda _c, _u, message, name=name: inbox.put((name, message))
        member.subscribe(f"$share/group/{shared}", qos=1)
        members.append(member)
    everything = Client(f"{PREFIX}-all", version=5).connect()
    everything.subscribe(shared, qos=1)

    step("publish")
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    for index in range(COUNT):
        publisher.publish(shared, f"m-{index}", qos=1)
    publisher.publish(shared, "end", qos=1)

    step("receive-ordinary")
    record("ordinary", [m.payload.decode() for m in everything.receive_until(lambda m: m.payload == b"end", "end")])

    step("receive-group")
    deliveries = []
    while not deliveries or deliveries[-1]["payload"] != "end":
        try:
            name, message = inbox.get(timeout=WAIT)
        except queue.Empty:
            raise ScenarioFailure(f"the group did not receive the end marker within {WAIT} s; got {deliveries}")
        deliveries.append({"member": name, "payload": message.payload.decode()})
    record("group", deliveries)
    for client in members + [everything, publisher]:
        client.disconnect()


run(scenario)

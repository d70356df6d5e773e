"""The will message is published when a client's connection drops without DISCONNECT, and not after a normal
DISCONNECT (MQTT-3.1.2-8, MQTT-3.1.2-10; 5.0 section 3.1.2.5). Client "normal" disconnects first, then "aborted"
drops its connection; the observer's messages up to the aborted client's will are recorded: a will wrongly published
for "normal" would come before it."""

from mqtt_common import PREFIX, Client, describe, record, run, step, topic


def scenario():
    step("observe")
    observer = Client(f"{PREFIX}-observer").connect()
    observer.subscribe(topic("wills/#"), qos=1)

    step("normal-disconnect")
    normal = Client(f"{PREFIX}-normal", will={"topic": topic("wills/normal"), "payload": "normal-will", "qos": 1})
    normal.connect()
    normal.disconnect()

    step("abort")
    aborted = Client(f"{PREFIX}-aborted", will={"topic": topic("wills/aborted"), "payload": "aborted-will", "qos": 1})
    aborted.connect()
    aborted.abort()

    step("receive-will")
    received = observer.receive_until(lambda m: m.topic == topic("wills/aborted"), "the aborted client's will")
    record("received", [describe(m) for m in received])
    observer.disconnect()


run(scenario)

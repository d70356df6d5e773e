"""MQTT 5.0 Will Delay Interval (section 3.1.3.2.2): the server waits that long after the connection drops before
publishing the will, and does not publish it if the client reconnects to the session in the meantime
(MQTT-3.1.3-9).

Three clients drop their connections in this order: "reconnecting" (delay 8 s), "delayed" (delay 9 s) and
"immediate" (no delay); then "reconnecting" connects again to its session. The observer records everything up to
the delayed will. Arrival order proves the delay without measuring time: "immediate" dropped last yet its will comes
first; and "reconnecting"'s will, due a second before "delayed"'s, must never come."""

from mqtt_common import PREFIX, Client, PacketTypes, Properties, describe, record, run, step, topic


def will(name, delay):
    properties = Properties(PacketTypes.WILLMESSAGE)
    if delay:
        properties.WillDelayInterval = delay
    return {"topic": topic(f"wills/{name}"), "payload": f"{name}-will", "qos": 1, "properties": properties}


def scenario():
    step("observe")
    observer = Client(f"{PREFIX}-observer", version=5).connect()
    observer.subscribe(topic("wills/#"), qos=1)

    step("abort-three")
    for name, delay in (("reconnecting", 8), ("delayed", 9), ("immediate", 0)):
        client = Client(f"{PREFIX}-{name}", version=5, session_expiry=60, will=will(name, delay)).connect()
        client.abort()

    step("reconnect")
    again = Client(f"{PREFIX}-reconnecting", version=5, clean=False, session_expiry=60).connect()
    record("reconnectSessionPresent", again.session_present)

    step("receive-wills")
    received = observer.receive_until(lambda m: m.topic == topic("wills/delayed"), "the delayed will")
    record("received", [describe(m) for m in received])
    again.disconnect()
    observer.disconnect()


run(scenario)

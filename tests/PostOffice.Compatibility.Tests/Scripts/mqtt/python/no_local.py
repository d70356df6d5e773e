"""No Local (MQTT 5.0 section 3.8.3.1, MQTT-3.8.3-3): a subscription with No Local set does not get the messages its
own connection publishes; another client's messages still arrive. The client publishes "own" (acknowledged) and then
another client publishes "other"; everything up to "other" is recorded. A second client without No Local gets both."""

from mqtt_common import PREFIX, Client, record, run, step, topic


def scenario():
    step("subscribe")
    local = Client(f"{PREFIX}-local", version=5).connect()
    local.subscribe(topic("no-local"), qos=1, no_local=True)
    plain = Client(f"{PREFIX}-plain", version=5).connect()
    plain.subscribe(topic("no-local"), qos=1)

    step("publish")
    local.publish(topic("no-local"), "own", qos=1)
    plain.publish(topic("no-local"), "other", qos=1)

    step("receive")
    record("noLocal", [m.payload.decode() for m in local.receive_until(lambda m: m.payload == b"other", "other")])
    record("plain", [m.payload.decode() for m in plain.receive_until(lambda m: m.payload == b"other", "other")])
    local.disconnect()
    plain.disconnect()


run(scenario)

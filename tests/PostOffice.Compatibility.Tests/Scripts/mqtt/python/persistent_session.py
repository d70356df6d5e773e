"""A persistent session (3.1.1 CleanSession=0; 5.0 Clean Start=0 with a Session Expiry Interval) keeps its
subscriptions and the QoS 1 messages published while the client is offline, and delivers them on reconnect with
Session Present=1 (MQTT-3.1.2-4, MQTT-3.2.2-2; 5.0 section 3.1.2.4).

PHASE runs one part, so that a test can restart the server between parts; without PHASE all run in order:
  subscribe  connect (recording Session Present), subscribe, disconnect
  publish    another client publishes COUNT QoS 1 messages (each acknowledged)
  receive    reconnect (recording Session Present) and receive the COUNT messages"""

import os

from mqtt_common import PREFIX, VERSION, Client, record, run, step, topic

COUNT = int(os.environ.get("COUNT", "5"))
PHASE = os.environ.get("PHASE")
CLIENT_ID = f"{PREFIX}-persistent"


def session():
    return Client(CLIENT_ID, clean=False, session_expiry=3600 if VERSION == 5 else None)


def subscribe():
    step("subscribe")
    client = session().connect()
    record("firstSessionPresent", client.session_present)
    client.subscribe(topic("offline"), qos=1)
    client.disconnect()


def publish():
    step("publish")
    publisher = Client(f"{PREFIX}-publisher").connect()
    for index in range(COUNT):
        publisher.publish(topic("offline"), f"offline-{index}", qos=1)
    publisher.disconnect()
    record("published", COUNT)


def receive():
    step("receive")
    client = session().connect()
    record("sessionPresent", client.session_present)
    received = client.receive(COUNT, "messages published while offline")
    record("payloads", [m.payload.decode() for m in received])
    record("qos", sorted({m.qos for m in received}))
    client.disconnect()


def scenario():
    phases = {"subscribe": subscribe, "publish": publish, "receive": receive}
    for name in [PHASE] if PHASE else ["subscribe", "publish", "receive"]:
        phases[name]()


run(scenario)

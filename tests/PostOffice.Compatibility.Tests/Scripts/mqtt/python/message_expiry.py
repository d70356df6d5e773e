"""Message Expiry Interval (MQTT 5.0 section 3.3.2.3.3, MQTT-3.3.2-5, MQTT-3.3.2-6): a message waiting for an
offline session is dropped once its interval has passed, and one still delivered carries the interval minus the
time it waited. A live message carries its interval too.

Time passes by the server's own clock, without sleeping here: a "clock" client with a 3 s will delay drops its
connection after the messages are queued, and the session reconnects only once that will has arrived."""

from mqtt_common import PREFIX, Client, PacketTypes, Properties, describe, publish_properties, record, run, step, topic


def scenario():
    subject = topic("expiry")
    step("live")
    live = Client(f"{PREFIX}-live", version=5).connect()
    live.subscribe(subject, qos=1)
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    publisher.publish(subject, "live", qos=1, properties=publish_properties(MessageExpiryInterval=600))
    record("live", [describe(m) for m in live.receive(1, "the live message")])
    live.disconnect()

    step("offline-session")
    # The session's client leaves with a will (DISCONNECT 0x04): once the will arrives, the server has processed the
    # DISCONNECT, so what is published next finds the session offline rather than racing the close.
    gone = Client(f"{PREFIX}-gone-watcher", version=5).connect()
    gone.subscribe(topic("gone"), qos=1)
    session_id = f"{PREFIX}-offline"
    offline = Client(session_id, version=5, clean=False, session_expiry=600,
                     will={"topic": topic("gone"), "payload": "offline", "qos": 1}).connect()
    offline.subscribe(subject, qos=1)
    offline.disconnect(with_will=True)
    gone.receive(1, "the offline client's will")
    gone.disconnect()

    step("publish-while-offline")
    publisher.publish(subject, "short", qos=1, properties=publish_properties(MessageExpiryInterval=1))
    publisher.publish(subject, "long", qos=1, properties=publish_properties(MessageExpiryInterval=600))
    publisher.publish(subject, "forever", qos=1)

    step("wait-for-server-clock")
    observer = Client(f"{PREFIX}-observer", version=5).connect()
    observer.subscribe(topic("clock"), qos=1)
    will_properties = Properties(PacketTypes.WILLMESSAGE)
    will_properties.WillDelayInterval = 3
    clock = Client(f"{PREFIX}-clock", version=5, session_expiry=60,
                   will={"topic": topic("clock"), "payload": "tick", "qos": 1, "properties": will_properties})
    clock.connect()
    clock.abort()
    observer.receive(1, "the clock's delayed will")

    step("reconnect")
    offline = Client(session_id, version=5, clean=False, session_expiry=600).connect()
    record("sessionPresent", offline.session_present)
    record("offline", [describe(m) for m in offline.receive_until(lambda m: m.payload == b"forever", "forever")])
    for client in (offline, observer, publisher):
        client.disconnect()


run(scenario)

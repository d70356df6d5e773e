"""QoS 2 exactly once across a crash of the server (MQTT 4.3.3, 4.4): a persistent subscriber and a persistent
publisher each have a QoS 2 exchange open when the server is killed (SIGKILL), and both resume their sessions
afterwards (Session Present 1).

  in-flight    the server has sent it to the subscriber, which has not read it (no PUBREC): after the restart the
               server must send it again with the same Packet Identifier and DUP (MQTT-4.4.0-1)
  unreleased   the publisher sent it and the server answered PUBREC, which the publisher never read: the publisher
               sends the PUBLISH again (DUP), and the server must not route it a second time (MQTT-4.3.3-10)

Then a last message, "end". The subscriber records every message it is given, duplicates included."""

from mqtt_common import PREFIX, VERSION, Client, pause, publish_packet_identifier, record, run, step, topic


def persistent(name):
    return Client(f"{PREFIX}-{name}", clean=False, session_expiry=3600 if VERSION == 5 else None)


def scenario():
    subject = topic("exactly-once")
    step("subscribe")
    subscriber = persistent("sub").connect()
    subscriber.subscribe(subject, qos=2)
    publisher = persistent("pub").connect()

    step("in-flight")
    subscriber.pause()
    publisher.publish(subject, "in-flight", qos=2)
    record("firstPacketIdentifier", publish_packet_identifier(subscriber.unread("the in-flight PUBLISH")))

    step("unreleased")
    publisher.pause()
    unreleased = publisher.paho.publish(subject, "unreleased", qos=2)
    publisher.unread("the PUBREC of the unreleased PUBLISH")

    step("kill")
    pause("kill and restart the server")

    step("resume")
    subscriber.reconnect()
    record("subscriberSessionPresent", subscriber.session_present)
    publisher.reconnect()
    record("publisherSessionPresent", publisher.session_present)
    publisher.wait_published(unreleased, "PUBCOMP of the unreleased PUBLISH after the restart")
    publisher.publish(subject, "end", qos=2)

    step("receive")
    received = subscriber.receive_until(lambda m: m.payload == b"end", "the end marker")
    record("received", [{"payload": m.payload.decode(), "dup": bool(m.dup), "mid": m.mid, "qos": m.qos} for m in received])
    publisher.disconnect()
    subscriber.disconnect()


run(scenario)

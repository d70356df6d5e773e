"""Topic Alias from the client (MQTT 5.0 section 3.3.2.3.4): the server announces Topic Alias Maximum in CONNACK; a
PUBLISH with a topic and alias 1 sets the alias, later PUBLISHes with an empty topic and alias 1 go to that topic.
A subscriber, which allowed no aliases, receives all three with the full topic name (MQTT-3.3.2-10 forbids the
server sending an alias above the client's maximum, here 0)."""

from mqtt_common import PREFIX, Client, describe, publish_properties, record, run, step, topic


def scenario():
    subject = topic("alias")
    step("subscribe")
    subscriber = Client(f"{PREFIX}-sub", version=5).connect()
    subscriber.subscribe(subject, qos=1)

    step("publish")
    publisher = Client(f"{PREFIX}-pub", version=5).connect()
    record("topicAliasMaximum", getattr(publisher.connack_properties, "TopicAliasMaximum", 0))
    publisher.publish(subject, "named", qos=1, properties=publish_properties(TopicAlias=1))
    publisher.publish("", "aliased-1", qos=1, properties=publish_properties(TopicAlias=1))
    publisher.publish("", "aliased-2", qos=1, properties=publish_properties(TopicAlias=1))

    step("receive")
    record("received", [describe(m) for m in subscriber.receive(3, "named and aliased")])
    publisher.disconnect()
    subscriber.disconnect()


run(scenario)

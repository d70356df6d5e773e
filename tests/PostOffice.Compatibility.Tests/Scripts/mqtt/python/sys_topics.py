"""$SYS topics: the server publishes $SYS/broker/version and $SYS/broker/clients/connected (retained, so a new
subscriber gets them, and again when the count changes), and a subscription to "#" does not match topics starting with "$" (MQTT-4.7.2-1): the "#"
subscriber records every topic it got up to a marker published after its SUBACK."""

from mqtt_common import PREFIX, Client, record, run, step, topic


def scenario():
    step("version")
    client = Client(f"{PREFIX}-sys").connect()
    client.subscribe("$SYS/broker/version", qos=0)
    version = client.receive(1, "$SYS/broker/version")[0]
    record("version", {"topic": version.topic, "payload": version.payload.decode("utf-8", "replace")})

    step("clients-connected")
    # The retained value may predate this client's connection; the server publishes the count again as it
    # changes, so wait for one that includes this client.
    client.subscribe("$SYS/broker/clients/connected", qos=0)
    connected = client.receive_until(lambda m: m.payload.isdigit() and int(m.payload) >= 1, "a count including this client")[-1]
    record("clientsConnected", {"topic": connected.topic, "payload": connected.payload.decode("utf-8", "replace")})
    client.disconnect()

    step("hash")
    everything = Client(f"{PREFIX}-hash").connect()
    everything.subscribe("#", qos=1)
    everything.publish(topic("marker"), "marker", qos=1)
    received = everything.receive_until(lambda m: m.topic == topic("marker"), "the marker")
    record("hashTopics", [m.topic for m in received])
    everything.disconnect()


run(scenario)

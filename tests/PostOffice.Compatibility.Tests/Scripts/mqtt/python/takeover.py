"""Session takeover (MQTT-3.1.4-2; 5.0 section 3.1.4): a second connection with the same client id makes the server
close the first one, in 5.0 after a DISCONNECT with reason 0x8E (Session taken over). The second connection keeps
working: it receives what it publishes to its own subscription."""

from mqtt_common import PREFIX, Client, record, run, step, topic


def scenario():
    step("first")
    first = Client(f"{PREFIX}-same").connect()

    step("second")
    second = Client(f"{PREFIX}-same").connect()

    step("first-closed")
    first.wait_closed_by_server("takeover by the second connection")
    record("firstDisconnectReason", first.disconnect_reason)

    step("second-works")
    second.subscribe(topic("after-takeover"), qos=1)
    second.publish(topic("after-takeover"), "still-here", qos=1)
    record("secondReceived", [m.payload.decode() for m in second.receive(1, "its own message")])
    second.disconnect()


run(scenario)

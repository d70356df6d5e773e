"""A ReceiveMessage long poll (WaitTimeSeconds=10) that is in flight when a message is sent returns with it at once."""
import threading

from sqs_common import PREFIX, Scenario, client, now_ms

receiver, sender = client(), client()
run = Scenario()
WAIT_TIME_SECONDS = 10

url = run.call("create", sender.create_queue, QueueName=f"{PREFIX}-poll")["QueueUrl"]

# The barrier: botocore emits before-send right before it writes the request, so once it fires the send below
# cannot overtake the receive (it still has to be built and signed).
on_the_wire = threading.Event()
receiver.meta.events.register("before-send.sqs.ReceiveMessage", lambda **_: on_the_wire.set())
outcome = {}


def receive():
    outcome["started"] = now_ms()
    try:
        outcome["response"] = receiver.receive_message(QueueUrl=url, WaitTimeSeconds=WAIT_TIME_SECONDS,
                                                       MaxNumberOfMessages=1)
    except Exception as exception:  # reported as the step's error below
        outcome["error"] = repr(exception)
    outcome["returned"] = now_ms()


poll = threading.Thread(target=receive)
poll.start()
run.announce("receiveInFlight")
if not on_the_wire.wait(30):
    run.fail("receiveInFlight")
sent = now_ms()
run.call("send", sender.send_message, QueueUrl=url, MessageBody="wake up")
poll.join(WAIT_TIME_SECONDS + 30)
if "returned" not in outcome:
    run.fail("receiveInFlight")
run.record("receive", outcome.get("response") or {"error": {"code": "ClientFailure", "message": outcome.get("error")}})
run.record("timing", {
    "waitTimeSeconds": WAIT_TIME_SECONDS,
    "sendToReturnMs": outcome["returned"] - sent,
    "receiveTotalMs": outcome["returned"] - outcome["started"],
})
run.finish()

"""SendMessage with String, Number, Binary and custom-typed attributes; ReceiveMessage; DeleteMessage."""
import time

from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
BODY = "Hello from the PostOffice compatibility tests: ünïcödé ✓"
ATTRIBUTES = {
    "Greeting": {"DataType": "String", "StringValue": "héllo wörld ✓"},
    "Count": {"DataType": "Number", "StringValue": "42.5"},
    "Blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01\x02\x7fbin"},
    "Kind": {"DataType": "String.custom", "StringValue": "compat"},
}

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-attrs")["QueueUrl"]
before = int(time.time() * 1000)
run.call("send", sqs.send_message, QueueUrl=url, MessageBody=BODY, MessageAttributes=ATTRIBUTES)
messages = run.call("receive", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                    VisibilityTimeout=30, MessageAttributeNames=["All"], AttributeNames=["All"]).get("Messages", [])
run.record("clock", {"before": before, "after": int(time.time() * 1000)})
if not messages:
    run.fail("receive")
run.call("delete", sqs.delete_message, QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
run.call("receiveAfterDelete", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10)
run.finish()

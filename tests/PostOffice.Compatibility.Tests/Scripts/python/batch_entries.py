"""Send/Delete/ChangeMessageVisibility batches mixing good and bad entries: bad entries fail one by one."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
BOGUS_RECEIPT = "not-a-receipt-handle"

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-batch")["QueueUrl"]
run.call("sendBatch", sqs.send_message_batch, QueueUrl=url, Entries=[
    {"Id": "ok-1", "MessageBody": "first"},
    {"Id": "bad-delay", "MessageBody": "delayed too long", "DelaySeconds": 901},
    {"Id": "ok-2", "MessageBody": "second", "DelaySeconds": 0},
])

received = {}
for attempt in range(5):
    response = run.call(f"receive{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                        WaitTimeSeconds=1, VisibilityTimeout=30)
    for message in response.get("Messages", []):
        received[message["Body"]] = message["ReceiptHandle"]
    if len(received) >= 2:
        break
run.record("receivedBodies", sorted(received))
if sorted(received) != ["first", "second"]:
    run.fail("receivedBodies")

run.call("deleteBatch", sqs.delete_message_batch, QueueUrl=url, Entries=[
    {"Id": "del-1", "ReceiptHandle": received["first"]},
    {"Id": "del-bogus", "ReceiptHandle": BOGUS_RECEIPT},
])
run.call("changeVisibilityBatch", sqs.change_message_visibility_batch, QueueUrl=url, Entries=[
    {"Id": "vis-1", "ReceiptHandle": received["second"], "VisibilityTimeout": 0},
    {"Id": "vis-bogus", "ReceiptHandle": BOGUS_RECEIPT, "VisibilityTimeout": 0},
])
# "second" was made visible at once; "first" was deleted.
run.call("receiveAfter", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
         AttributeNames=["ApproximateReceiveCount"])
run.finish()

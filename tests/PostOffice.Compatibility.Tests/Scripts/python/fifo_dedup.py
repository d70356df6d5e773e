"""FIFO deduplication: by MessageDeduplicationId, and by content (SHA-256 of the body) when enabled."""
from sqs_common import PREFIX, Scenario, client, system_attribute_names

sqs = client()
run = Scenario()
ALL = system_attribute_names(sqs, ["All"])

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-dedup.fifo",
               Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"})["QueueUrl"]
run.call("sendContent1", sqs.send_message, QueueUrl=url, MessageBody="same body", MessageGroupId="g")
run.call("sendContent2", sqs.send_message, QueueUrl=url, MessageBody="same body", MessageGroupId="g")
run.call("sendExplicit1", sqs.send_message, QueueUrl=url, MessageBody="explicit one", MessageGroupId="g",
         MessageDeduplicationId="explicit")
run.call("sendExplicit2", sqs.send_message, QueueUrl=url, MessageBody="explicit two", MessageGroupId="g",
         MessageDeduplicationId="explicit")

received = []
for attempt in range(5):
    messages = run.call(f"receive{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                        VisibilityTimeout=30, WaitTimeSeconds=1, **ALL).get("Messages", [])
    for message in messages:
        received.append({"Body": message["Body"],
                         "MessageDeduplicationId": message.get("Attributes", {}).get("MessageDeduplicationId")})
        run.call(f"delete{len(received)}", sqs.delete_message, QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    if len(received) >= 2:
        break
run.record("received", received)
run.call("receiveAfterAll", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10)
run.finish()

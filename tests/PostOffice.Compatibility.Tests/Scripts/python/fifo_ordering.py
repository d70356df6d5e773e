"""FIFO: order within a message group, one in-flight message per group, required MessageGroupId and deduplication."""
from sqs_common import PREFIX, Scenario, client, system_attribute_names

sqs = client()
run = Scenario()
ALL = system_attribute_names(sqs, ["All"])

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-order.fifo",
               Attributes={"FifoQueue": "true"})["QueueUrl"]
for number in (1, 2, 3):
    run.call(f"send{number}", sqs.send_message, QueueUrl=url, MessageBody=f"m{number}", MessageGroupId="g1",
             MessageDeduplicationId=f"d{number}")
run.expect_error("sendWithoutGroup", sqs.send_message, QueueUrl=url, MessageBody="no group",
                 MessageDeduplicationId="d9")
run.expect_error("sendWithoutDeduplicationId", sqs.send_message, QueueUrl=url, MessageBody="no dedup",
                 MessageGroupId="g1")

first = run.call("receiveFirst", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=30,
                 WaitTimeSeconds=1, **ALL).get("Messages", [])
if not first:
    run.fail("receiveFirst")
run.call("receiveWhileGroupInFlight", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10)
run.call("deleteFirst", sqs.delete_message, QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])

rest = []
for attempt in range(5):
    messages = run.call(f"receiveRest{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                        VisibilityTimeout=30, WaitTimeSeconds=1).get("Messages", [])
    for message in messages:
        rest.append(message["Body"])
        run.call(f"deleteRest{len(rest)}", sqs.delete_message, QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    if len(rest) >= 2:
        break
run.record("restBodies", rest)
run.call("receiveAfterAll", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10)
run.finish()

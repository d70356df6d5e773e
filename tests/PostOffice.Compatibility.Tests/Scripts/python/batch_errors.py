"""Batches that fail as a whole: empty, more than 10 entries, repeated ids, an id with forbidden characters."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-batcherr")["QueueUrl"]
run.expect_error("sendEmpty", sqs.send_message_batch, QueueUrl=url, Entries=[])
run.expect_error("sendTooMany", sqs.send_message_batch, QueueUrl=url,
                 Entries=[{"Id": f"m{i}", "MessageBody": f"body {i}"} for i in range(11)])
run.expect_error("sendDuplicateIds", sqs.send_message_batch, QueueUrl=url,
                 Entries=[{"Id": "same", "MessageBody": "one"}, {"Id": "same", "MessageBody": "two"}])
run.expect_error("sendInvalidId", sqs.send_message_batch, QueueUrl=url,
                 Entries=[{"Id": "bad id!", "MessageBody": "one"}])
run.expect_error("deleteEmpty", sqs.delete_message_batch, QueueUrl=url, Entries=[])
run.expect_error("changeVisibilityDuplicateIds", sqs.change_message_visibility_batch, QueueUrl=url, Entries=[
    {"Id": "same", "ReceiptHandle": "handle-a", "VisibilityTimeout": 0},
    {"Id": "same", "ReceiptHandle": "handle-b", "VisibilityTimeout": 0},
])
# A batch that fails as a whole sends nothing.
run.call("receiveAfter", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
run.finish()

"""PurgeQueue empties the queue; a second purge within 60 seconds fails with PurgeQueueInProgress."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-purge")["QueueUrl"]
run.call("send1", sqs.send_message, QueueUrl=url, MessageBody="one")
run.call("send2", sqs.send_message, QueueUrl=url, MessageBody="two")
run.call("purge", sqs.purge_queue, QueueUrl=url)
run.call("receiveAfterPurge", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10)
run.expect_error("purgeAgain", sqs.purge_queue, QueueUrl=url)
run.finish()

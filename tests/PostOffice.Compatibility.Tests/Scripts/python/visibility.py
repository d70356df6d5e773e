"""VisibilityTimeout on receive, ChangeMessageVisibility to 0, and expiry of a 1 s timeout."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
COUNT = ["ApproximateReceiveCount"]

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-vis")["QueueUrl"]
run.call("send", sqs.send_message, QueueUrl=url, MessageBody="peekaboo")
first = run.call("receiveHidden", sqs.receive_message, QueueUrl=url, VisibilityTimeout=30, WaitTimeSeconds=1,
                 AttributeNames=COUNT).get("Messages", [])
if not first:
    run.fail("receiveHidden")
run.call("receiveWhileHidden", sqs.receive_message, QueueUrl=url)
run.call("changeToZero", sqs.change_message_visibility, QueueUrl=url,
         ReceiptHandle=first[0]["ReceiptHandle"], VisibilityTimeout=0)
run.call("receiveOneSecond", sqs.receive_message, QueueUrl=url, VisibilityTimeout=1, AttributeNames=COUNT)
# The bounded wait: a long poll that the message's return after 1 s ends.
last = run.call("receiveAfterExpiry", sqs.receive_message, QueueUrl=url, WaitTimeSeconds=2, VisibilityTimeout=30,
                AttributeNames=COUNT).get("Messages", [])
if not last:
    run.fail("receiveAfterExpiry")
run.call("delete", sqs.delete_message, QueueUrl=url, ReceiptHandle=last[0]["ReceiptHandle"])
run.call("receiveAfterDelete", sqs.receive_message, QueueUrl=url)
run.finish()

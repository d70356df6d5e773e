"""RedrivePolicy with maxReceiveCount 1: the second receive moves the message to the dead-letter queue."""
import json

from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

dead_letter_url = run.call("createDeadLetter", sqs.create_queue, QueueName=f"{PREFIX}-dlq")["QueueUrl"]
arn = run.call("deadLetterArn", sqs.get_queue_attributes, QueueUrl=dead_letter_url,
               AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
source_url = run.call("createSource", sqs.create_queue, QueueName=f"{PREFIX}-src", Attributes={
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "1"}),
})["QueueUrl"]
run.call("sourceAttributes", sqs.get_queue_attributes, QueueUrl=source_url, AttributeNames=["RedrivePolicy", "QueueArn"])
run.call("send", sqs.send_message, QueueUrl=source_url, MessageBody="poison")

first = run.call("receiveFirst", sqs.receive_message, QueueUrl=source_url, VisibilityTimeout=30, WaitTimeSeconds=1,
                 AttributeNames=["ApproximateReceiveCount"]).get("Messages", [])
if not first:
    run.fail("receiveFirst")
run.call("makeVisible", sqs.change_message_visibility, QueueUrl=source_url,
         ReceiptHandle=first[0]["ReceiptHandle"], VisibilityTimeout=0)
# A long poll, not a short one: on AWS a short poll samples only some servers and might not meet the message.
run.call("receiveSecond", sqs.receive_message, QueueUrl=source_url, WaitTimeSeconds=1)
run.call("receiveFromDeadLetter", sqs.receive_message, QueueUrl=dead_letter_url, WaitTimeSeconds=1,
         AttributeNames=["All"])
run.call("listSources", sqs.list_dead_letter_source_queues, QueueUrl=dead_letter_url)
run.finish()

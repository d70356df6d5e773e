"""CreateQueue (standard, FIFO), GetQueueUrl, ListQueues by prefix, Get/SetQueueAttributes."""
import json
import time

from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
standard, fifo, dead_letter = f"{PREFIX}-std", f"{PREFIX}-fifo.fifo", f"{PREFIX}-dlq"

run.record("clock", {"before": int(time.time())})
run.call("createDeadLetter", sqs.create_queue, QueueName=dead_letter)
run.call("createStandard", sqs.create_queue, QueueName=standard, Attributes={
    "VisibilityTimeout": "45",
    "DelaySeconds": "2",
    "MessageRetentionPeriod": "3600",
    "MaximumMessageSize": "2048",
    "ReceiveMessageWaitTimeSeconds": "3",
})
run.call("createFifo", sqs.create_queue, QueueName=fifo, Attributes={
    "FifoQueue": "true",
    "ContentBasedDeduplication": "true",
    "VisibilityTimeout": "20",
})
run.record("clock", {"before": run.result["clock"]["before"], "after": int(time.time())})

standard_url = run.call("getStandardUrl", sqs.get_queue_url, QueueName=standard)["QueueUrl"]
fifo_url = run.call("getFifoUrl", sqs.get_queue_url, QueueName=fifo)["QueueUrl"]
dead_letter_url = run.call("getDeadLetterUrl", sqs.get_queue_url, QueueName=dead_letter)["QueueUrl"]
run.call("listByPrefix", sqs.list_queues, QueueNamePrefix=PREFIX)
run.call("listByUnusedPrefix", sqs.list_queues, QueueNamePrefix=f"{PREFIX}-none")

run.call("standardAttributes", sqs.get_queue_attributes, QueueUrl=standard_url, AttributeNames=["All"])
run.call("fifoAttributes", sqs.get_queue_attributes, QueueUrl=fifo_url, AttributeNames=["All"])
run.call("deadLetterDefaults", sqs.get_queue_attributes, QueueUrl=dead_letter_url, AttributeNames=["All"])
arn = run.call("deadLetterArnOnly", sqs.get_queue_attributes, QueueUrl=dead_letter_url,
               AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

run.call("setStandard", sqs.set_queue_attributes, QueueUrl=standard_url, Attributes={
    "VisibilityTimeout": "60",
    "DelaySeconds": "0",
    "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "5"}),
})
run.call("standardAfterSet", sqs.get_queue_attributes, QueueUrl=standard_url,
         AttributeNames=["VisibilityTimeout", "DelaySeconds", "RedrivePolicy", "MessageRetentionPeriod"])
run.finish()

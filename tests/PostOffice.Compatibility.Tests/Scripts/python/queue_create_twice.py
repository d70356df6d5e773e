"""CreateQueue on an existing name: the same attributes return the queue; different ones fail."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
name, fifo = f"{PREFIX}-twice", f"{PREFIX}-twice.fifo"
attributes = {"VisibilityTimeout": "40", "DelaySeconds": "1"}
fifo_attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"}

run.call("create", sqs.create_queue, QueueName=name, Attributes=attributes)
run.call("createSameAgain", sqs.create_queue, QueueName=name, Attributes=attributes)
run.expect_error("createDifferent", sqs.create_queue, QueueName=name,
                 Attributes={"VisibilityTimeout": "41", "DelaySeconds": "1"})
run.call("createFifo", sqs.create_queue, QueueName=fifo, Attributes=fifo_attributes)
run.call("createFifoSameAgain", sqs.create_queue, QueueName=fifo, Attributes=fifo_attributes)
run.expect_error("createFifoDifferent", sqs.create_queue, QueueName=fifo,
                 Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "false"})
url = run.call("getUrl", sqs.get_queue_url, QueueName=name)["QueueUrl"]
run.call("attributes", sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["VisibilityTimeout", "DelaySeconds"])
run.finish()

"""Invalid attribute names and values, a body over the queue's limit, forbidden characters, out-of-range parameters."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-inv",
               Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
run.expect_error("createInvalidAttributeName", sqs.create_queue, QueueName=f"{PREFIX}-bad-name",
                 Attributes={"NotAnAttribute": "1"})
run.expect_error("createInvalidAttributeValue", sqs.create_queue, QueueName=f"{PREFIX}-bad-value",
                 Attributes={"VisibilityTimeout": "43201"})
run.expect_error("getInvalidAttributeName", sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["NotAnAttribute"])
run.expect_error("setInvalidAttributeName", sqs.set_queue_attributes, QueueUrl=url, Attributes={"NotAnAttribute": "1"})
run.call("sendAtLimit", sqs.send_message, QueueUrl=url, MessageBody="x" * 1024)
run.expect_error("sendTooLarge", sqs.send_message, QueueUrl=url, MessageBody="x" * 1025)
run.expect_error("sendInvalidCharacters", sqs.send_message, QueueUrl=url, MessageBody="invalid \u0001 character")
run.expect_error("sendDelayTooLong", sqs.send_message, QueueUrl=url, MessageBody="later", DelaySeconds=901)
run.expect_error("receiveTooMany", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=11)
run.expect_error("deleteBogusReceipt", sqs.delete_message, QueueUrl=url, ReceiptHandle="not-a-receipt-handle")
run.finish()

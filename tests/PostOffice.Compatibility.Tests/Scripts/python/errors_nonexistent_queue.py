"""Every call on a queue that does not exist fails with QueueDoesNotExist."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
missing = f"{PREFIX}-missing"

# The URL a queue of that name would have, built from a real one.
real_url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-real")["QueueUrl"]
url = real_url.rsplit("/", 1)[0] + "/" + missing
run.record("missingUrl", url)
run.expect_error("getUrl", sqs.get_queue_url, QueueName=missing)
run.expect_error("send", sqs.send_message, QueueUrl=url, MessageBody="nobody home")
run.expect_error("receive", sqs.receive_message, QueueUrl=url)
run.expect_error("getAttributes", sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["All"])
run.expect_error("purge", sqs.purge_queue, QueueUrl=url)
run.expect_error("deleteQueue", sqs.delete_queue, QueueUrl=url)
run.finish()

"""DeleteQueue: afterwards the name does not resolve, the prefix lists nothing, and sends fail."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-doomed")["QueueUrl"]
run.call("send", sqs.send_message, QueueUrl=url, MessageBody="left behind")
run.call("delete", sqs.delete_queue, QueueUrl=url)
run.expect_error("getUrlAfterDelete", sqs.get_queue_url, QueueName=f"{PREFIX}-doomed")
run.call("listAfterDelete", sqs.list_queues, QueueNamePrefix=PREFIX)
run.expect_error("sendAfterDelete", sqs.send_message, QueueUrl=url, MessageBody="too late")
run.finish()

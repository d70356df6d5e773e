"""CreateQueue with tags, TagQueue, UntagQueue, ListQueueTags."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-tags",
               tags={"team": "compat", "stage": "test"})["QueueUrl"]
run.call("listInitial", sqs.list_queue_tags, QueueUrl=url)
run.call("tag", sqs.tag_queue, QueueUrl=url, Tags={"owner": "postoffice", "stage": "prod"})
run.call("untag", sqs.untag_queue, QueueUrl=url, TagKeys=["team"])
run.call("listAfter", sqs.list_queue_tags, QueueUrl=url)
run.finish()

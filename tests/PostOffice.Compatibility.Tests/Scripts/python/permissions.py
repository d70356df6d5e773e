"""AddPermission and RemovePermission: statements in the queue's Policy, duplicate and unknown labels, limits."""
from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()

EIGHT_ACTIONS = ["ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl",
                 "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage"]

url = run.call("create", sqs.create_queue, QueueName=f"{PREFIX}-perm")["QueueUrl"]
run.call("addOne", sqs.add_permission, QueueUrl=url, Label="AliceSend",
         AWSAccountIds=["111122223333"], Actions=["SendMessage"])
run.call("addTwo", sqs.add_permission, QueueUrl=url, Label="Both",
         AWSAccountIds=["111122223333", "444455556666"], Actions=["ReceiveMessage", "DeleteMessage"])
run.call("policy", sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["Policy"])
run.expect_error("addDuplicate", sqs.add_permission, QueueUrl=url, Label="AliceSend",
                 AWSAccountIds=["111122223333"], Actions=["GetQueueUrl"])
run.expect_error("addTooMany", sqs.add_permission, QueueUrl=url, Label="Many",
                 AWSAccountIds=["111122223333"], Actions=EIGHT_ACTIONS)
run.call("removeOne", sqs.remove_permission, QueueUrl=url, Label="AliceSend")
run.expect_error("removeAgain", sqs.remove_permission, QueueUrl=url, Label="AliceSend")
run.call("policyAfterRemove", sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["Policy"])
run.call("removeLast", sqs.remove_permission, QueueUrl=url, Label="Both")
run.call("policyAfterAll", sqs.get_queue_attributes, QueueUrl=url, AttributeNames=["All"])
run.finish()

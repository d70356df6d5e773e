"""SNS FIFO: a FIFO topic with content-based deduplication delivers to a FIFO queue in publish order; a duplicate
publish returns the first message's id and is not delivered again."""
from sns_common import queue_arn, sns_client
from sqs_common import PREFIX, Scenario, client

sqs = client()
sns = sns_client()
run = Scenario()

topic = run.call("createTopic", sns.create_topic, Name=f"{PREFIX}-t.fifo",
                 Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
url = run.call("createQueue", sqs.create_queue, QueueName=f"{PREFIX}-q.fifo",
               Attributes={"FifoQueue": "true"})["QueueUrl"]
run.call("subscribe", sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(f"{PREFIX}-q.fifo"),
         Attributes={"RawMessageDelivery": "true"})
for number in range(10):
    run.call(f"publish{number}", sns.publish, TopicArn=topic, Message=f"m{number}", MessageGroupId="g")
run.call("publishDuplicate", sns.publish, TopicArn=topic, Message="m0", MessageGroupId="g")
run.expect_error("publishWithoutGroup", sns.publish, TopicArn=topic, Message="no group")

bodies = []
for attempt in range(20):
    messages = run.call(f"receive{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                        WaitTimeSeconds=1).get("Messages", [])
    for message in messages:
        bodies.append(message["Body"])
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    if len(bodies) >= 10 and not messages:
        break
run.record("bodies", bodies)
run.finish()

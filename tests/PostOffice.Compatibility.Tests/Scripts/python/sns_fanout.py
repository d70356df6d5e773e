"""SNS fan-out: one topic, three SQS subscriptions (enveloped; raw with an attribute filter; raw with a body filter),
two publishes, what each queue received; tags, listing, a publish to a missing topic."""
import json

from sns_common import queue_arn, sns_client
from sqs_common import PREFIX, Scenario, client

sqs = client()
sns = sns_client()
run = Scenario()

topic = run.call("createTopic", sns.create_topic, Name=f"{PREFIX}-fanout",
                 Tags=[{"Key": "team", "Value": "orders"}])["TopicArn"]
urls = {}
for name in ("all", "red", "big"):
    urls[name] = run.call(f"createQueue-{name}", sqs.create_queue, QueueName=f"{PREFIX}-{name}")["QueueUrl"]
run.call("subscribeAll", sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(f"{PREFIX}-all"))
run.call("subscribeRed", sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(f"{PREFIX}-red"),
         Attributes={"RawMessageDelivery": "true", "FilterPolicy": json.dumps({"color": ["red"]})})
run.call("subscribeBig", sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(f"{PREFIX}-big"),
         Attributes={"RawMessageDelivery": "true", "FilterPolicyScope": "MessageBody",
                     "FilterPolicy": json.dumps({"total": [{"numeric": [">", 100]}]})})
run.call("publishBig", sns.publish, TopicArn=topic, Message='{"total": 150}', Subject="big order",
         MessageAttributes={"color": {"DataType": "String", "StringValue": "blue"}})
run.call("publishRed", sns.publish, TopicArn=topic, Message='{"total": 5}',
         MessageAttributes={"color": {"DataType": "String", "StringValue": "red"}})
run.call("publishBatch", sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[
    {"Id": "ok", "Message": '{"total": 1}'},
    {"Id": "empty", "Message": ""},
])

for name, url in urls.items():
    bodies = []
    for attempt in range(3):
        messages = run.call(f"receive-{name}-{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                            WaitTimeSeconds=1, MessageAttributeNames=["All"]).get("Messages", [])
        bodies.extend(messages)
        if len(bodies) >= (3 if name == "all" else 1):
            break
    run.record(f"received-{name}", bodies)

run.call("listSubscriptions", sns.list_subscriptions_by_topic, TopicArn=topic)
run.call("topicAttributes", sns.get_topic_attributes, TopicArn=topic)
run.call("tags", sns.list_tags_for_resource, ResourceArn=topic)
run.expect_error("publishMissing", sns.publish, TopicArn=topic + "-missing", Message="x")
run.expect_error("badFilter", sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue_arn(f"{PREFIX}-x"),
                 Attributes={"FilterPolicy": json.dumps({"a": {"b": ["c"]}})})
run.finish()

"""A message move task across a SIGKILL of the server, in phases the test runs around it (PHASE=start | after).

start: dead-letters 8 messages (maxReceiveCount 1) and starts a move task back to the source at 1 message per
second, so that it is still running when the server is killed; records the task as listed at once.
after: lists the task until it is no longer RUNNING (at most 60 s), then receives what is back in the source.
"""
import os
import time

from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
phase = os.environ["PHASE"]
COUNT = 8

if phase == "start":
    dlq = run.call("createDeadLetter", sqs.create_queue, QueueName=f"{PREFIX}-dlq")["QueueUrl"]
    dlq_arn = run.call("deadLetterArn", sqs.get_queue_attributes, QueueUrl=dlq,
                       AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    source = run.call("createSource", sqs.create_queue, QueueName=f"{PREFIX}-src", Attributes={
        "RedrivePolicy": f'{{"deadLetterTargetArn":"{dlq_arn}","maxReceiveCount":"1"}}'})["QueueUrl"]
    run.call("send", sqs.send_message_batch, QueueUrl=source, Entries=[
        {"Id": f"m{number}", "MessageBody": f"moved-{number}"} for number in range(COUNT)])
    # The first receive counts each message once; the next ones move them to the dead-letter queue.
    for attempt in range(COUNT + 2):
        run.call(f"receive{attempt}", sqs.receive_message, QueueUrl=source, MaxNumberOfMessages=10,
                 VisibilityTimeout=0)
        depth = run.call(f"deadLetterDepth{attempt}", sqs.get_queue_attributes, QueueUrl=dlq,
                         AttributeNames=["ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"]
        if int(depth) == COUNT:
            break
    run.call("start", sqs.start_message_move_task, SourceArn=dlq_arn, MaxNumberOfMessagesPerSecond=1)
    run.call("listAtStart", sqs.list_message_move_tasks, SourceArn=dlq_arn, MaxResults=10)
elif phase == "after":
    dlq = run.call("getDeadLetterUrl", sqs.get_queue_url, QueueName=f"{PREFIX}-dlq")["QueueUrl"]
    source = run.call("getSourceUrl", sqs.get_queue_url, QueueName=f"{PREFIX}-src")["QueueUrl"]
    dlq_arn = run.call("deadLetterArn", sqs.get_queue_attributes, QueueUrl=dlq,
                       AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    run.call("listAfterRestart", sqs.list_message_move_tasks, SourceArn=dlq_arn, MaxResults=10)
    deadline = time.monotonic() + 60
    while True:
        tasks = run.call("listFinal", sqs.list_message_move_tasks, SourceArn=dlq_arn, MaxResults=10)["Results"]
        if not tasks or tasks[0]["Status"] != "RUNNING" or time.monotonic() > deadline:
            break
        time.sleep(1)
    bodies = []
    for attempt in range(COUNT + 2):
        messages = run.call(f"receiveSource{attempt}", sqs.receive_message, QueueUrl=source,
                            MaxNumberOfMessages=10, VisibilityTimeout=300).get("Messages", [])
        bodies += [message["Body"] for message in messages]
        if not messages:
            break
    run.record("sourceBodies", sorted(bodies))
    run.call("deadLetterAfter", sqs.get_queue_attributes, QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
else:
    raise SystemExit(f"unknown PHASE {phase}")
run.finish()

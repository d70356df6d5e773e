"""Durability, in phases the test runs around a SIGKILL of the server (PHASE=send | receive | receive-delete).

send: creates the queue and sends 5 single messages and a batch of 10; records the acknowledged ones.
receive: receives everything it can (EXPECTED messages at most, then one more long poll that must come back empty).
receive-delete: receives everything, deletes the even-numbered messages, makes the others visible again at once.
"""
import os

from sqs_common import PREFIX, Scenario, client

sqs = client()
run = Scenario()
phase = os.environ["PHASE"]
name = f"{PREFIX}-durable"


def receive_all(expected):
    found = {}
    for attempt in range(expected + 5):
        messages = run.call(f"receive{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                            VisibilityTimeout=120, WaitTimeSeconds=1).get("Messages", [])
        for message in messages:
            found[message["MessageId"]] = message
        if len(found) >= expected or not messages:
            break
    run.call("receiveAfterAll", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
    run.record("received", sorted(({"MessageId": m["MessageId"], "Body": m["Body"]} for m in found.values()),
                                  key=lambda m: m["Body"]))
    return list(found.values())


if phase == "send":
    url = run.call("create", sqs.create_queue, QueueName=name)["QueueUrl"]
    sent = []
    for number in range(5):
        body = f"durable-{number:02d}"
        sent.append({"MessageId": run.call(f"send{number}", sqs.send_message, QueueUrl=url,
                                           MessageBody=body)["MessageId"], "Body": body})
    batch = run.call("sendBatch", sqs.send_message_batch, QueueUrl=url, Entries=[
        {"Id": f"b{number}", "MessageBody": f"durable-{number:02d}"} for number in range(5, 15)])
    bodies = {f"b{number}": f"durable-{number:02d}" for number in range(5, 15)}
    sent += [{"MessageId": entry["MessageId"], "Body": bodies[entry["Id"]]} for entry in batch.get("Successful", [])]
    run.record("sent", sorted(sent, key=lambda m: m["Body"]))
elif phase == "receive":
    url = run.call("getUrl", sqs.get_queue_url, QueueName=name)["QueueUrl"]
    receive_all(int(os.environ["EXPECTED"]))
elif phase == "receive-delete":
    url = run.call("getUrl", sqs.get_queue_url, QueueName=name)["QueueUrl"]
    deleted, kept = [], []
    for message in sorted(receive_all(int(os.environ["EXPECTED"])), key=lambda m: m["Body"]):
        if int(message["Body"].rsplit("-", 1)[1]) % 2 == 0:
            run.call(f"delete-{message['Body']}", sqs.delete_message, QueueUrl=url,
                     ReceiptHandle=message["ReceiptHandle"])
            deleted.append(message["Body"])
        else:
            run.call(f"release-{message['Body']}", sqs.change_message_visibility, QueueUrl=url,
                     ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0)
            kept.append(message["Body"])
    run.record("deleted", deleted)
    run.record("kept", kept)
else:
    raise SystemExit(f"unknown PHASE {phase}")
run.finish()

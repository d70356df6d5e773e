"""Traffic for the crash test, in phases around a SIGKILL of the server (PHASE=traffic | drain).

traffic: creates the queue, then 4 threads send (singles and batches of 5) while 2 threads receive and delete,
until the server stops answering (it is killed) or 60 s pass. Records what the server acknowledged: "sent"
(bodies whose send returned), "deleted" (bodies whose delete returned) and "deleting" (deletes sent, answer or
not). Any error ends a thread: once the server is gone nothing more is acknowledged.
drain: receives and deletes until three long polls in a row come back empty; records the bodies as "drained".
"""
import os
import threading
import time

from sqs_common import PREFIX, Scenario, client

run = Scenario()
phase = os.environ["PHASE"]
name = f"{PREFIX}-traffic"


def sender(sqs, url, number, sent, stop):
    count = 0
    while not stop.is_set():
        try:
            if count % 4 == 3:
                bodies = [f"s{number}-{count}-{entry}" for entry in range(5)]
                response = sqs.send_message_batch(QueueUrl=url, Entries=[
                    {"Id": f"e{entry}", "MessageBody": body} for entry, body in enumerate(bodies)])
                sent.extend(bodies[int(entry["Id"][1:])] for entry in response.get("Successful", []))
            else:
                body = f"s{number}-{count}"
                sqs.send_message(QueueUrl=url, MessageBody=body)
                sent.append(body)
        except Exception:  # noqa: BLE001 - the server is gone; stop acknowledging
            return
        count += 1


def receiver(sqs, url, deleted, deleting, stop):
    while not stop.is_set():
        try:
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=2,
                                           WaitTimeSeconds=1).get("Messages", [])
            for message in messages:
                deleting.append(message["Body"])
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
                deleted.append(message["Body"])
        except Exception:  # noqa: BLE001 - the server is gone; stop acknowledging
            return


if phase == "traffic":
    url = run.call("create", client().create_queue, QueueName=name)["QueueUrl"]
    sent, deleted, deleting = [], [], []
    stop = threading.Event()
    threads = [threading.Thread(target=sender, args=(client(), url, n, sent, stop)) for n in range(4)]
    threads += [threading.Thread(target=receiver, args=(client(), url, deleted, deleting, stop)) for _ in range(2)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while any(thread.is_alive() for thread in threads) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join()
    run.record("sent", sent)
    run.record("deleted", deleted)
    run.record("deleting", deleting)
elif phase == "drain":
    sqs = client()
    url = run.call("getUrl", sqs.get_queue_url, QueueName=name)["QueueUrl"]
    drained, empty, attempt = [], 0, 0
    while empty < 3:
        messages = run.call(f"receive{attempt}", sqs.receive_message, QueueUrl=url, MaxNumberOfMessages=10,
                            VisibilityTimeout=60, WaitTimeSeconds=2).get("Messages", [])
        attempt += 1
        empty = 0 if messages else empty + 1
        for message in messages:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
            drained.append(message["Body"])
    run.result.pop("getUrl", None)
    for step in range(attempt):
        run.result.pop(f"receive{step}", None)
    run.record("drained", drained)
run.finish()

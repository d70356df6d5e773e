// Durability, in phases the test runs around a SIGKILL of the server (PHASE=send | receive | receive-delete).
//
// send: creates the queue and sends 5 single messages and a batch of 10; records the acknowledged ones.
// receive: receives everything it can (EXPECTED messages at most, then one more long poll that must come back empty).
// receive-delete: receives everything, deletes the even-numbered messages, makes the others visible again at once.
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, GetQueueUrlCommand, ReceiveMessageCommand,
  SendMessageBatchCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const name = `${PREFIX}-durable`;
const body = (number) => `durable-${String(number).padStart(2, "0")}`;
const byBody = (a, b) => (a.Body < b.Body ? -1 : a.Body > b.Body ? 1 : 0);

async function receiveAll(QueueUrl, expected) {
  const found = new Map();
  for (let attempt = 0; attempt < expected + 5; attempt++) {
    const { Messages = [] } = await run.call(`receive${attempt}`, sqs, new ReceiveMessageCommand({
      QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 120, WaitTimeSeconds: 1,
    }));
    for (const message of Messages) found.set(message.MessageId, message);
    if (Messages.length === 0 || found.size >= expected) break;
  }
  await run.call("receiveAfterAll", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  const messages = [...found.values()].sort(byBody);
  run.record("received", messages.map(({ MessageId, Body }) => ({ MessageId, Body })));
  return messages;
}

const phase = process.env.PHASE;
if (phase === "send") {
  const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: name }));
  const sent = [];
  for (let number = 0; number < 5; number++) {
    const { MessageId } = await run.call(`send${number}`, sqs, new SendMessageCommand({ QueueUrl, MessageBody: body(number) }));
    sent.push({ MessageId, Body: body(number) });
  }
  const numbers = Array.from({ length: 10 }, (_, i) => i + 5);
  const { Successful = [] } = await run.call("sendBatch", sqs, new SendMessageBatchCommand({
    QueueUrl, Entries: numbers.map((number) => ({ Id: `b${number}`, MessageBody: body(number) })),
  }));
  for (const entry of Successful) sent.push({ MessageId: entry.MessageId, Body: body(Number(entry.Id.slice(1))) });
  run.record("sent", sent.sort(byBody));
} else if (phase === "receive" || phase === "receive-delete") {
  const { QueueUrl } = await run.call("getUrl", sqs, new GetQueueUrlCommand({ QueueName: name }));
  const messages = await receiveAll(QueueUrl, Number(process.env.EXPECTED));
  if (phase === "receive-delete") {
    const [deleted, kept] = [[], []];
    for (const message of messages) {
      if (Number(message.Body.split("-")[1]) % 2 === 0) {
        await run.call(`delete-${message.Body}`, sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
        deleted.push(message.Body);
      } else {
        await run.call(`release-${message.Body}`, sqs, new ChangeMessageVisibilityCommand({
          QueueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0,
        }));
        kept.push(message.Body);
      }
    }
    run.record("deleted", deleted);
    run.record("kept", kept);
  }
} else {
  throw new Error(`unknown PHASE ${phase}`);
}
await run.finish();

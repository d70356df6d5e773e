// Send/Delete/ChangeMessageVisibility batches mixing good and bad entries: bad entries fail one by one.
import {
  ChangeMessageVisibilityBatchCommand, CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const bogus = "not-a-receipt-handle";

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-batch` }));
await run.call("sendBatch", sqs, new SendMessageBatchCommand({
  QueueUrl,
  Entries: [
    { Id: "ok-1", MessageBody: "first" },
    { Id: "bad-delay", MessageBody: "delayed too long", DelaySeconds: 901 },
    { Id: "ok-2", MessageBody: "second", DelaySeconds: 0 },
  ],
}));

const received = {};
for (let attempt = 0; attempt < 5; attempt++) {
  const { Messages = [] } = await run.call(`receive${attempt}`, sqs, new ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 30,
  }));
  for (const message of Messages) received[message.Body] = message.ReceiptHandle;
  if (Object.keys(received).length >= 2) break;
}
const bodies = Object.keys(received).sort();
run.record("receivedBodies", bodies);
if (JSON.stringify(bodies) !== JSON.stringify(["first", "second"])) await run.fail("receivedBodies");

await run.call("deleteBatch", sqs, new DeleteMessageBatchCommand({
  QueueUrl,
  Entries: [{ Id: "del-1", ReceiptHandle: received.first }, { Id: "del-bogus", ReceiptHandle: bogus }],
}));
await run.call("changeVisibilityBatch", sqs, new ChangeMessageVisibilityBatchCommand({
  QueueUrl,
  Entries: [
    { Id: "vis-1", ReceiptHandle: received.second, VisibilityTimeout: 0 },
    { Id: "vis-bogus", ReceiptHandle: bogus, VisibilityTimeout: 0 },
  ],
}));
// "second" was made visible at once; "first" was deleted.
await run.call("receiveAfter", sqs, new ReceiveMessageCommand({
  QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, AttributeNames: ["ApproximateReceiveCount"],
}));
await run.finish();

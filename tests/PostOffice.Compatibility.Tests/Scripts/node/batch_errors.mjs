// Batches that fail as a whole: empty, more than 10 entries, repeated ids, an id with forbidden characters.
import {
  ChangeMessageVisibilityBatchCommand, CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand,
  SendMessageBatchCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-batcherr` }));
await run.expectError("sendEmpty", sqs, new SendMessageBatchCommand({ QueueUrl, Entries: [] }));
await run.expectError("sendTooMany", sqs, new SendMessageBatchCommand({
  QueueUrl,
  Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })),
}));
await run.expectError("sendDuplicateIds", sqs, new SendMessageBatchCommand({
  QueueUrl,
  Entries: [{ Id: "same", MessageBody: "one" }, { Id: "same", MessageBody: "two" }],
}));
await run.expectError("sendInvalidId", sqs, new SendMessageBatchCommand({
  QueueUrl,
  Entries: [{ Id: "bad id!", MessageBody: "one" }],
}));
await run.expectError("deleteEmpty", sqs, new DeleteMessageBatchCommand({ QueueUrl, Entries: [] }));
await run.expectError("changeVisibilityDuplicateIds", sqs, new ChangeMessageVisibilityBatchCommand({
  QueueUrl,
  Entries: [
    { Id: "same", ReceiptHandle: "handle-a", VisibilityTimeout: 0 },
    { Id: "same", ReceiptHandle: "handle-b", VisibilityTimeout: 0 },
  ],
}));
// A batch that fails as a whole sends nothing.
await run.call("receiveAfter", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
await run.finish();

// FIFO deduplication: by MessageDeduplicationId, and by content (SHA-256 of the body) when enabled.
import {
  CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-dedup.fifo`,
  Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
}));
const send = (step, MessageBody, MessageDeduplicationId) => run.call(step, sqs, new SendMessageCommand({
  QueueUrl, MessageBody, MessageGroupId: "g", MessageDeduplicationId,
}));
await send("sendContent1", "same body");
await send("sendContent2", "same body");
await send("sendExplicit1", "explicit one", "explicit");
await send("sendExplicit2", "explicit two", "explicit");

const received = [];
for (let attempt = 0; attempt < 5 && received.length < 2; attempt++) {
  const { Messages = [] } = await run.call(`receive${attempt}`, sqs, new ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 1, MessageSystemAttributeNames: ["All"],
  }));
  for (const message of Messages) {
    received.push({ Body: message.Body, MessageDeduplicationId: message.Attributes?.MessageDeduplicationId });
    await run.call(`delete${received.length}`, sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
run.record("received", received);
await run.call("receiveAfterAll", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
await run.finish();

// FIFO: order within a message group, one in-flight message per group, required MessageGroupId and deduplication.
import {
  CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-order.fifo`,
  Attributes: { FifoQueue: "true" },
}));
for (const number of [1, 2, 3]) {
  await run.call(`send${number}`, sqs, new SendMessageCommand({
    QueueUrl, MessageBody: `m${number}`, MessageGroupId: "g1", MessageDeduplicationId: `d${number}`,
  }));
}
await run.expectError("sendWithoutGroup", sqs, new SendMessageCommand({
  QueueUrl, MessageBody: "no group", MessageDeduplicationId: "d9",
}));
await run.expectError("sendWithoutDeduplicationId", sqs, new SendMessageCommand({
  QueueUrl, MessageBody: "no dedup", MessageGroupId: "g1",
}));

const { Messages: first = [] } = await run.call("receiveFirst", sqs, new ReceiveMessageCommand({
  QueueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: 30, WaitTimeSeconds: 1, MessageSystemAttributeNames: ["All"],
}));
if (first.length === 0) await run.fail("receiveFirst");
await run.call("receiveWhileGroupInFlight", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
await run.call("deleteFirst", sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first[0].ReceiptHandle }));

const rest = [];
for (let attempt = 0; attempt < 5 && rest.length < 2; attempt++) {
  const { Messages = [] } = await run.call(`receiveRest${attempt}`, sqs, new ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 1,
  }));
  for (const message of Messages) {
    rest.push(message.Body);
    await run.call(`deleteRest${rest.length}`, sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
run.record("restBodies", rest);
await run.call("receiveAfterAll", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
await run.finish();

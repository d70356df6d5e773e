// VisibilityTimeout on receive, ChangeMessageVisibility to 0, and expiry of a 1 s timeout.
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const count = ["ApproximateReceiveCount"];

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-vis` }));
await run.call("send", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "peekaboo" }));
const { Messages: first = [] } = await run.call("receiveHidden", sqs, new ReceiveMessageCommand({
  QueueUrl, VisibilityTimeout: 30, WaitTimeSeconds: 1, AttributeNames: count,
}));
if (first.length === 0) await run.fail("receiveHidden");
await run.call("receiveWhileHidden", sqs, new ReceiveMessageCommand({ QueueUrl }));
await run.call("changeToZero", sqs, new ChangeMessageVisibilityCommand({
  QueueUrl, ReceiptHandle: first[0].ReceiptHandle, VisibilityTimeout: 0,
}));
await run.call("receiveOneSecond", sqs, new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 1, AttributeNames: count }));
// The bounded wait: a long poll that the message's return after 1 s ends.
const { Messages: last = [] } = await run.call("receiveAfterExpiry", sqs, new ReceiveMessageCommand({
  QueueUrl, WaitTimeSeconds: 2, VisibilityTimeout: 30, AttributeNames: count,
}));
if (last.length === 0) await run.fail("receiveAfterExpiry");
await run.call("delete", sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: last[0].ReceiptHandle }));
await run.call("receiveAfterDelete", sqs, new ReceiveMessageCommand({ QueueUrl }));
await run.finish();

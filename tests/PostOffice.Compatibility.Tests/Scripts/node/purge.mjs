// PurgeQueue empties the queue; a second purge within 60 seconds fails with PurgeQueueInProgress.
import { CreateQueueCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-purge` }));
await run.call("send1", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "one" }));
await run.call("send2", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "two" }));
await run.call("purge", sqs, new PurgeQueueCommand({ QueueUrl }));
await run.call("receiveAfterPurge", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
await run.expectError("purgeAgain", sqs, new PurgeQueueCommand({ QueueUrl }));
await run.finish();

// Every call on a queue that does not exist fails with QueueDoesNotExist.
import {
  CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, PurgeQueueCommand,
  ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const missing = `${PREFIX}-missing`;

// The URL a queue of that name would have, built from a real one.
const { QueueUrl: realUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-real` }));
const QueueUrl = `${realUrl.slice(0, realUrl.lastIndexOf("/"))}/${missing}`;
run.record("missingUrl", QueueUrl);
await run.expectError("getUrl", sqs, new GetQueueUrlCommand({ QueueName: missing }));
await run.expectError("send", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "nobody home" }));
await run.expectError("receive", sqs, new ReceiveMessageCommand({ QueueUrl }));
await run.expectError("getAttributes", sqs, new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
await run.expectError("purge", sqs, new PurgeQueueCommand({ QueueUrl }));
await run.expectError("deleteQueue", sqs, new DeleteQueueCommand({ QueueUrl }));
await run.finish();

// Run through a proxy that corrupts the MD5 digests in responses: the SDK must reject SendMessage, SendMessageBatch
// and ReceiveMessage. (botocore, and so boto3 and both CLIs, verify no SQS digest: they have no script here.)
import {
  CreateQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-md5` }));
await run.expectError("send", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "checked" }));
await run.expectError("sendBatch", sqs, new SendMessageBatchCommand({
  QueueUrl, Entries: [{ Id: "one", MessageBody: "checked in a batch" }],
}));
await run.expectError("receive", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
await run.finish();

// CreateQueue (standard, FIFO), GetQueueUrl, ListQueues by prefix, Get/SetQueueAttributes.
import {
  CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const [standard, fifo, deadLetter] = [`${PREFIX}-std`, `${PREFIX}-fifo.fifo`, `${PREFIX}-dlq`];
const seconds = () => Math.floor(Date.now() / 1000);

const before = seconds();
await run.call("createDeadLetter", sqs, new CreateQueueCommand({ QueueName: deadLetter }));
await run.call("createStandard", sqs, new CreateQueueCommand({
  QueueName: standard,
  Attributes: {
    VisibilityTimeout: "45",
    DelaySeconds: "2",
    MessageRetentionPeriod: "3600",
    MaximumMessageSize: "2048",
    ReceiveMessageWaitTimeSeconds: "3",
  },
}));
await run.call("createFifo", sqs, new CreateQueueCommand({
  QueueName: fifo,
  Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true", VisibilityTimeout: "20" },
}));
run.record("clock", { before, after: seconds() });

const standardUrl = (await run.call("getStandardUrl", sqs, new GetQueueUrlCommand({ QueueName: standard }))).QueueUrl;
const fifoUrl = (await run.call("getFifoUrl", sqs, new GetQueueUrlCommand({ QueueName: fifo }))).QueueUrl;
const deadLetterUrl = (await run.call("getDeadLetterUrl", sqs, new GetQueueUrlCommand({ QueueName: deadLetter }))).QueueUrl;
await run.call("listByPrefix", sqs, new ListQueuesCommand({ QueueNamePrefix: PREFIX }));
await run.call("listByUnusedPrefix", sqs, new ListQueuesCommand({ QueueNamePrefix: `${PREFIX}-none` }));

await run.call("standardAttributes", sqs, new GetQueueAttributesCommand({ QueueUrl: standardUrl, AttributeNames: ["All"] }));
await run.call("fifoAttributes", sqs, new GetQueueAttributesCommand({ QueueUrl: fifoUrl, AttributeNames: ["All"] }));
await run.call("deadLetterDefaults", sqs, new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ["All"] }));
const arn = (await run.call("deadLetterArnOnly", sqs,
  new GetQueueAttributesCommand({ QueueUrl: deadLetterUrl, AttributeNames: ["QueueArn"] }))).Attributes.QueueArn;

await run.call("setStandard", sqs, new SetQueueAttributesCommand({
  QueueUrl: standardUrl,
  Attributes: {
    VisibilityTimeout: "60",
    DelaySeconds: "0",
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: "5" }),
  },
}));
await run.call("standardAfterSet", sqs, new GetQueueAttributesCommand({
  QueueUrl: standardUrl,
  AttributeNames: ["VisibilityTimeout", "DelaySeconds", "RedrivePolicy", "MessageRetentionPeriod"],
}));
await run.finish();

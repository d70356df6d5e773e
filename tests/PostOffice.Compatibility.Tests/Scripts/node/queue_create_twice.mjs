// CreateQueue on an existing name: the same attributes return the queue; different ones fail.
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand } from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const [name, fifo] = [`${PREFIX}-twice`, `${PREFIX}-twice.fifo`];
const attributes = { VisibilityTimeout: "40", DelaySeconds: "1" };
const fifoAttributes = { FifoQueue: "true", ContentBasedDeduplication: "true" };

await run.call("create", sqs, new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
await run.call("createSameAgain", sqs, new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
await run.expectError("createDifferent", sqs, new CreateQueueCommand({
  QueueName: name,
  Attributes: { VisibilityTimeout: "41", DelaySeconds: "1" },
}));
await run.call("createFifo", sqs, new CreateQueueCommand({ QueueName: fifo, Attributes: fifoAttributes }));
await run.call("createFifoSameAgain", sqs, new CreateQueueCommand({ QueueName: fifo, Attributes: fifoAttributes }));
await run.expectError("createFifoDifferent", sqs, new CreateQueueCommand({
  QueueName: fifo,
  Attributes: { FifoQueue: "true", ContentBasedDeduplication: "false" },
}));
const { QueueUrl } = await run.call("getUrl", sqs, new GetQueueUrlCommand({ QueueName: name }));
await run.call("attributes", sqs, new GetQueueAttributesCommand({
  QueueUrl,
  AttributeNames: ["VisibilityTimeout", "DelaySeconds"],
}));
await run.finish();

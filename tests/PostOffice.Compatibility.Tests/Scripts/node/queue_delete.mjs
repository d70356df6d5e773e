// DeleteQueue: afterwards the name does not resolve, the prefix lists nothing, and sends fail.
import {
  CreateQueueCommand, DeleteQueueCommand, GetQueueUrlCommand, ListQueuesCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-doomed` }));
await run.call("send", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "left behind" }));
await run.call("delete", sqs, new DeleteQueueCommand({ QueueUrl }));
await run.expectError("getUrlAfterDelete", sqs, new GetQueueUrlCommand({ QueueName: `${PREFIX}-doomed` }));
await run.call("listAfterDelete", sqs, new ListQueuesCommand({ QueueNamePrefix: PREFIX }));
await run.expectError("sendAfterDelete", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "too late" }));
await run.finish();

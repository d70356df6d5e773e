// Invalid attribute names and values, a body over the queue's limit, forbidden characters, out-of-range parameters.
import {
  CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand,
  SetQueueAttributesCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-inv`, Attributes: { MaximumMessageSize: "1024" },
}));
await run.expectError("createInvalidAttributeName", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-bad-name`, Attributes: { NotAnAttribute: "1" },
}));
await run.expectError("createInvalidAttributeValue", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-bad-value`, Attributes: { VisibilityTimeout: "43201" },
}));
await run.expectError("getInvalidAttributeName", sqs, new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["NotAnAttribute"] }));
await run.expectError("setInvalidAttributeName", sqs, new SetQueueAttributesCommand({ QueueUrl, Attributes: { NotAnAttribute: "1" } }));
await run.call("sendAtLimit", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "x".repeat(1024) }));
await run.expectError("sendTooLarge", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "x".repeat(1025) }));
await run.expectError("sendInvalidCharacters", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "invalid \u0001 character" }));
await run.expectError("sendDelayTooLong", sqs, new SendMessageCommand({ QueueUrl, MessageBody: "later", DelaySeconds: 901 }));
await run.expectError("receiveTooMany", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 }));
await run.expectError("deleteBogusReceipt", sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: "not-a-receipt-handle" }));
await run.finish();

// SendMessage with String, Number, Binary and custom-typed attributes; ReceiveMessage; DeleteMessage.
import {
  CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const body = "Hello from the PostOffice compatibility tests: ünïcödé ✓";
const attributes = {
  Greeting: { DataType: "String", StringValue: "héllo wörld ✓" },
  Count: { DataType: "Number", StringValue: "42.5" },
  Blob: { DataType: "Binary", BinaryValue: new Uint8Array([0x00, 0x01, 0x02, 0x7f, 0x62, 0x69, 0x6e]) },
  Kind: { DataType: "String.custom", StringValue: "compat" },
};

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-attrs` }));
const before = Date.now();
await run.call("send", sqs, new SendMessageCommand({ QueueUrl, MessageBody: body, MessageAttributes: attributes }));
const { Messages = [] } = await run.call("receive", sqs, new ReceiveMessageCommand({
  QueueUrl,
  MaxNumberOfMessages: 10,
  WaitTimeSeconds: 1,
  VisibilityTimeout: 30,
  MessageAttributeNames: ["All"],
  AttributeNames: ["All"],
}));
run.record("clock", { before, after: Date.now() });
if (Messages.length === 0) await run.fail("receive");
await run.call("delete", sqs, new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages[0].ReceiptHandle }));
await run.call("receiveAfterDelete", sqs, new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
await run.finish();

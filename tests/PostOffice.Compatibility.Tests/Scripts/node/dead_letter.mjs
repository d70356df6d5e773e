// RedrivePolicy with maxReceiveCount 1: the second receive moves the message to the dead-letter queue.
import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, GetQueueAttributesCommand, ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand, SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl: deadLetterUrl } = await run.call("createDeadLetter", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-dlq` }));
const { Attributes: { QueueArn } } = await run.call("deadLetterArn", sqs, new GetQueueAttributesCommand({
  QueueUrl: deadLetterUrl, AttributeNames: ["QueueArn"],
}));
const { QueueUrl: sourceUrl } = await run.call("createSource", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-src`,
  Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: QueueArn, maxReceiveCount: "1" }) },
}));
await run.call("sourceAttributes", sqs, new GetQueueAttributesCommand({
  QueueUrl: sourceUrl, AttributeNames: ["RedrivePolicy", "QueueArn"],
}));
await run.call("send", sqs, new SendMessageCommand({ QueueUrl: sourceUrl, MessageBody: "poison" }));

const { Messages: first = [] } = await run.call("receiveFirst", sqs, new ReceiveMessageCommand({
  QueueUrl: sourceUrl, VisibilityTimeout: 30, WaitTimeSeconds: 1, AttributeNames: ["ApproximateReceiveCount"],
}));
if (first.length === 0) await run.fail("receiveFirst");
await run.call("makeVisible", sqs, new ChangeMessageVisibilityCommand({
  QueueUrl: sourceUrl, ReceiptHandle: first[0].ReceiptHandle, VisibilityTimeout: 0,
}));
// A long poll, not a short one: on AWS a short poll samples only some servers and might not meet the message.
await run.call("receiveSecond", sqs, new ReceiveMessageCommand({ QueueUrl: sourceUrl, WaitTimeSeconds: 1 }));
await run.call("receiveFromDeadLetter", sqs, new ReceiveMessageCommand({
  QueueUrl: deadLetterUrl, WaitTimeSeconds: 1, AttributeNames: ["All"],
}));
await run.call("listSources", sqs, new ListDeadLetterSourceQueuesCommand({ QueueUrl: deadLetterUrl }));
await run.finish();

// SNS fan-out: one topic, three SQS subscriptions (enveloped; raw with an attribute filter; raw with a body filter),
// two publishes, what each queue received; tags, listing, a publish to a missing topic.
import { CreateQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import {
  CreateTopicCommand, GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTagsForResourceCommand,
  PublishBatchCommand, PublishCommand, SNSClient, SubscribeCommand,
} from "@aws-sdk/client-sns";
import { client, ENDPOINT, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const sns = new SNSClient({ endpoint: ENDPOINT, region: "us-east-1", maxAttempts: 1 });
const run = new Scenario();
const arn = (name) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

const { TopicArn } = await run.call("createTopic", sns, new CreateTopicCommand({
  Name: `${PREFIX}-fanout`, Tags: [{ Key: "team", Value: "orders" }],
}));
const urls = {};
for (const name of ["all", "red", "big"]) {
  urls[name] = (await run.call(`createQueue-${name}`, sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-${name}` }))).QueueUrl;
}
await run.call("subscribeAll", sns, new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: arn(`${PREFIX}-all`) }));
await run.call("subscribeRed", sns, new SubscribeCommand({
  TopicArn, Protocol: "sqs", Endpoint: arn(`${PREFIX}-red`),
  Attributes: { RawMessageDelivery: "true", FilterPolicy: JSON.stringify({ color: ["red"] }) },
}));
await run.call("subscribeBig", sns, new SubscribeCommand({
  TopicArn, Protocol: "sqs", Endpoint: arn(`${PREFIX}-big`),
  Attributes: {
    RawMessageDelivery: "true", FilterPolicyScope: "MessageBody",
    FilterPolicy: JSON.stringify({ total: [{ numeric: [">", 100] }] }),
  },
}));
await run.call("publishBig", sns, new PublishCommand({
  TopicArn, Message: '{"total": 150}', Subject: "big order",
  MessageAttributes: { color: { DataType: "String", StringValue: "blue" } },
}));
await run.call("publishRed", sns, new PublishCommand({
  TopicArn, Message: '{"total": 5}', MessageAttributes: { color: { DataType: "String", StringValue: "red" } },
}));
await run.call("publishBatch", sns, new PublishBatchCommand({
  TopicArn, PublishBatchRequestEntries: [{ Id: "ok", Message: '{"total": 1}' }, { Id: "empty", Message: "" }],
}));

for (const [name, QueueUrl] of Object.entries(urls)) {
  const bodies = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const { Messages = [] } = await run.call(`receive-${name}-${attempt}`, sqs, new ReceiveMessageCommand({
      QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"],
    }));
    bodies.push(...Messages);
    if (bodies.length >= (name === "all" ? 3 : 1)) break;
  }
  run.record(`received-${name}`, bodies);
}

await run.call("listSubscriptions", sns, new ListSubscriptionsByTopicCommand({ TopicArn }));
await run.call("topicAttributes", sns, new GetTopicAttributesCommand({ TopicArn }));
await run.call("tags", sns, new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
await run.expectError("publishMissing", sns, new PublishCommand({ TopicArn: `${TopicArn}-missing`, Message: "x" }));
await run.expectError("badFilter", sns, new SubscribeCommand({
  TopicArn, Protocol: "sqs", Endpoint: arn(`${PREFIX}-x`),
  Attributes: { FilterPolicy: JSON.stringify({ a: { b: ["c"] } }) },
}));
await run.finish();

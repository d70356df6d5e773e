// CreateQueue with tags, TagQueue, UntagQueue, ListQueueTags.
import { CreateQueueCommand, ListQueueTagsCommand, TagQueueCommand, UntagQueueCommand } from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({
  QueueName: `${PREFIX}-tags`,
  tags: { team: "compat", stage: "test" },
}));
await run.call("listInitial", sqs, new ListQueueTagsCommand({ QueueUrl }));
await run.call("tag", sqs, new TagQueueCommand({ QueueUrl, Tags: { owner: "postoffice", stage: "prod" } }));
await run.call("untag", sqs, new UntagQueueCommand({ QueueUrl, TagKeys: ["team"] }));
await run.call("listAfter", sqs, new ListQueueTagsCommand({ QueueUrl }));
await run.finish();

// AddPermission and RemovePermission: statements in the queue's Policy, duplicate and unknown labels, limits.
import { AddPermissionCommand, CreateQueueCommand, GetQueueAttributesCommand, RemovePermissionCommand } from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const sqs = client();
const run = new Scenario();
const eightActions = ["ChangeMessageVisibility", "DeleteMessage", "GetQueueAttributes", "GetQueueUrl",
  "ListDeadLetterSourceQueues", "PurgeQueue", "ReceiveMessage", "SendMessage"];

const { QueueUrl } = await run.call("create", sqs, new CreateQueueCommand({ QueueName: `${PREFIX}-perm` }));
await run.call("addOne", sqs, new AddPermissionCommand({
  QueueUrl, Label: "AliceSend", AWSAccountIds: ["111122223333"], Actions: ["SendMessage"],
}));
await run.call("addTwo", sqs, new AddPermissionCommand({
  QueueUrl, Label: "Both", AWSAccountIds: ["111122223333", "444455556666"], Actions: ["ReceiveMessage", "DeleteMessage"],
}));
await run.call("policy", sqs, new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["Policy"] }));
await run.expectError("addDuplicate", sqs, new AddPermissionCommand({
  QueueUrl, Label: "AliceSend", AWSAccountIds: ["111122223333"], Actions: ["GetQueueUrl"],
}));
await run.expectError("addTooMany", sqs, new AddPermissionCommand({
  QueueUrl, Label: "Many", AWSAccountIds: ["111122223333"], Actions: eightActions,
}));
await run.call("removeOne", sqs, new RemovePermissionCommand({ QueueUrl, Label: "AliceSend" }));
await run.expectError("removeAgain", sqs, new RemovePermissionCommand({ QueueUrl, Label: "AliceSend" }));
await run.call("policyAfterRemove", sqs, new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["Policy"] }));
await run.call("removeLast", sqs, new RemovePermissionCommand({ QueueUrl, Label: "Both" }));
await run.call("policyAfterAll", sqs, new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
await run.finish();

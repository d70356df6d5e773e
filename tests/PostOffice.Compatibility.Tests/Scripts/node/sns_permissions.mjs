// SNS AddPermission and RemovePermission: statements in the topic's Policy after the default one, a duplicate
// label, an action a topic policy cannot name, an unknown label, a missing topic, a
// policy against the grammar.
import {
  AddPermissionCommand, CreateTopicCommand, GetTopicAttributesCommand, RemovePermissionCommand, SetTopicAttributesCommand,
  SNSClient,
} from "@aws-sdk/client-sns";
import { ENDPOINT, PREFIX, Scenario } from "./common.mjs";

const sns = new SNSClient({ endpoint: ENDPOINT, region: "us-east-1", maxAttempts: 1 });
const run = new Scenario();

const { TopicArn } = await run.call("createTopic", sns, new CreateTopicCommand({ Name: `${PREFIX}-perm` }));
await run.call("addOne", sns, new AddPermissionCommand({
  TopicArn, Label: "AlicePublish", AWSAccountId: ["111122223333"], ActionName: ["Publish"],
}));
await run.call("addTwo", sns, new AddPermissionCommand({
  TopicArn, Label: "Both", AWSAccountId: ["111122223333", "444455556666"], ActionName: ["Subscribe", "GetTopicAttributes"],
}));
await run.call("policy", sns, new GetTopicAttributesCommand({ TopicArn }));
await run.expectError("addDuplicate", sns, new AddPermissionCommand({
  TopicArn, Label: "AlicePublish", AWSAccountId: ["111122223333"], ActionName: ["Subscribe"],
}));
await run.expectError("addBadAction", sns, new AddPermissionCommand({
  TopicArn, Label: "Bad", AWSAccountId: ["111122223333"], ActionName: ["CreateTopic"],
}));
await run.expectError("addMissingTopic", sns, new AddPermissionCommand({
  TopicArn: `${TopicArn}-missing`, Label: "Other", AWSAccountId: ["111122223333"], ActionName: ["Publish"],
}));
await run.call("removeOne", sns, new RemovePermissionCommand({ TopicArn, Label: "AlicePublish" }));
await run.expectError("removeAgain", sns, new RemovePermissionCommand({ TopicArn, Label: "AlicePublish" }));
await run.expectError("removeMissingTopic", sns, new RemovePermissionCommand({ TopicArn: `${TopicArn}-missing`, Label: "Both" }));
await run.call("policyAfterRemove", sns, new GetTopicAttributesCommand({ TopicArn }));
await run.expectError("setBadPolicy", sns, new SetTopicAttributesCommand({
  TopicArn, AttributeName: "Policy", AttributeValue: '{"Statement":{"Effect":"Allow","Principle":"*","Action":"SNS:Publish"}}',
}));
await run.finish();

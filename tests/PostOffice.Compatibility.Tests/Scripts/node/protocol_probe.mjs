// One ListQueues call, for the test that checks which protocol the client speaks.
import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { client, Scenario } from "./common.mjs";

const run = new Scenario();
await run.call("listQueues", client(), new ListQueuesCommand({ QueueNamePrefix: "probe" }));
await run.finish();

// A ReceiveMessage long poll (WaitTimeSeconds=10) that is in flight when a message is sent returns with it at once.
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { client, PREFIX, Scenario } from "./common.mjs";

const [receiver, sender] = [client(), client()];
const run = new Scenario();
const waitTimeSeconds = 10;

const { QueueUrl } = await run.call("create", sender, new CreateQueueCommand({ QueueName: `${PREFIX}-poll` }));

// The barrier: the innermost middleware runs right before the HTTP handler writes the request; the send below
// cannot overtake it, as it still has to pass the whole stack (serialising, signing) first.
let onTheWire;
const inFlight = new Promise((resolve) => { onTheWire = resolve; });
receiver.middlewareStack.add((next) => (args) => { onTheWire(); return next(args); }, {
  step: "deserialize", priority: "low", name: "longPollBarrier",
});

process.stderr.write("step: receiveInFlight\n");
const started = Date.now();
const poll = receiver.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: waitTimeSeconds, MaxNumberOfMessages: 1 }))
  .then((output) => ({ output, returned: Date.now() }), (error) => ({ error, returned: Date.now() }));
await inFlight;
await new Promise((resolve) => setImmediate(resolve));

const sent = Date.now();
await run.call("send", sender, new SendMessageCommand({ QueueUrl, MessageBody: "wake up" }));
const outcome = await poll;
run.record("receive", outcome.output ?? { error: { code: outcome.error.name, message: outcome.error.message } });
run.record("timing", { waitTimeSeconds, sendToReturnMs: outcome.returned - sent, receiveTotalMs: outcome.returned - started });
await run.finish();

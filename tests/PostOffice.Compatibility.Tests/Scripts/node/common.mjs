// Plumbing shared by the npm AWS SDK v3 scenario scripts (see ../../README.md).
//
// A scenario calls steps in order. Each step's output (without $metadata, bytes as base64) or error goes into one
// JSON object keyed by step name, printed on stdout at the end. A step that must succeed and fails ends the script
// with exit code 1, after printing what was recorded plus "failedStep".
import { SQSClient } from "@aws-sdk/client-sqs";

export const ENDPOINT = process.env.SQS_ENDPOINT;
export const PREFIX = process.env.QUEUE_PREFIX;
if (!ENDPOINT || !PREFIX) {
  throw new Error("SQS_ENDPOINT and QUEUE_PREFIX are required");
}

// No retries: a retried 5xx or a slow first attempt must show up in the result, not be hidden by the SDK.
export function client(endpoint = ENDPOINT) {
  return new SQSClient({ endpoint, region: "us-east-1", maxAttempts: 1 });
}

function plain(value) {
  if (value instanceof Uint8Array) {
    return Buffer.from(value).toString("base64");
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => key !== "$metadata" && item !== undefined)
        .map(([key, item]) => [key, plain(item)]),
    );
  }
  return value;
}

// name: the modelled error's shape name (QueueDoesNotExist), or the code for unmodelled ones.
// queryCode: what the x-amzn-query-error header said (AWS.SimpleQueueService.NonExistentQueue), when it was sent.
function errorOf(error) {
  const recorded = { code: error.name, message: error.message };
  if (error.Code !== undefined) recorded.queryCode = error.Code;
  if (error.$metadata?.httpStatusCode !== undefined) recorded.httpStatus = error.$metadata.httpStatusCode;
  return recorded;
}

export class Scenario {
  result = {};

  async call(name, sqs, command) {
    process.stderr.write(`step: ${name}\n`);
    let output;
    try {
      output = await sqs.send(command);
    } catch (error) {
      this.result[name] = { error: errorOf(error) };
      this.fail(name);
    }
    this.result[name] = plain(output);
    return output;
  }

  async expectError(name, sqs, command) {
    process.stderr.write(`step: ${name}\n`);
    try {
      const output = await sqs.send(command);
      this.result[name] = plain(output);
      return output;
    } catch (error) {
      this.result[name] = { error: errorOf(error) };
      return undefined;
    }
  }

  record(name, value) {
    this.result[name] = plain(value);
  }

  fail(name) {
    this.result.failedStep = name;
    this.finish(1);
  }

  finish(code = 0) {
    const sorted = Object.fromEntries(Object.entries(this.result).sort(([a], [b]) => (a < b ? -1 : 1)));
    process.stdout.write(`${JSON.stringify(sorted)}\n`, () => process.exit(code));
    // Nothing may run after finish; wait here for the write callback.
    return new Promise(() => {});
  }
}

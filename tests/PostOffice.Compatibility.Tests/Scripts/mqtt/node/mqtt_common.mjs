// What the MQTT.js (npm mqtt 5) scenarios share: the step marker on stderr, waits bounded by MQTT_WAIT_SECONDS, a
// connected client named after TOPIC_PREFIX, and the single JSON object on stdout (the result, or the error with
// the step that failed).
import mqtt from 'mqtt';

export const wait = Number(process.env.MQTT_WAIT_SECONDS ?? '30') * 1000;
export const prefix = process.env.TOPIC_PREFIX;
export const result = {};
let currentStep = '(before the first step)';

export function step(name) {
  currentStep = name;
  process.stderr.write(`step: ${name}\n`);
}

export function within(promise, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${wait / 1000} s`)), wait);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// A clean-session client that does not reconnect, once its CONNACK has arrived.
export async function connect(name, url, options) {
  const client = mqtt.connect(url, {
    clientId: `${prefix}-${name}`,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: wait,
    ...options,
  });
  await within(new Promise((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
    client.once('close', () => reject(new Error(`${name}: connection closed before CONNACK`)));
  }), `${name}: CONNACK`);
  return client;
}

export async function run(main) {
  try {
    await main();
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    result.error = String(error?.stack ?? error);
    result.failedStep = currentStep;
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exitCode = 1;
  }
  // Sockets the clients failed to close must not keep the script alive.
  process.exit();
}

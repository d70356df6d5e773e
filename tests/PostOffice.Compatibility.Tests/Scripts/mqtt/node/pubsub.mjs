// MQTT.js (npm mqtt 5) publishes and subscribes over TRANSPORT: "tcp" (MQTT_HOST:MQTT_PORT), "tls"
// (MQTT_TLS_HOST:MQTT_TLS_PORT, verified against MQTT_CAFILE) or "ws" (MQTT_WS_URL, subprotocol "mqtt"), speaking
// MQTT_VERSION 5 or 311. A subscriber at QoS 2 receives three messages published at QoS 0, 1 and 2, in order; in
// 5.0 the last one carries a user property. Prints one JSON object: what was received, or an error with the step.
import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';

const wait = Number(process.env.MQTT_WAIT_SECONDS ?? '30') * 1000;
const version = process.env.MQTT_VERSION === '311' ? 4 : 5;
const transport = process.env.TRANSPORT ?? 'tcp';
const prefix = process.env.TOPIC_PREFIX;
const topic = `${prefix}/node-${transport}`;
const result = {};
let currentStep = '(before the first step)';

function step(name) {
  currentStep = name;
  process.stderr.write(`step: ${name}\n`);
}

function url() {
  switch (transport) {
    case 'tcp': return `mqtt://${process.env.MQTT_HOST}:${process.env.MQTT_PORT}`;
    case 'tls': return `mqtts://${process.env.MQTT_TLS_HOST}:${process.env.MQTT_TLS_PORT}`;
    case 'ws': return process.env.MQTT_WS_URL;
    default: throw new Error(`unknown TRANSPORT ${transport}`);
  }
}

function within(promise, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${wait / 1000} s`)), wait);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function connect(name) {
  const options = {
    clientId: `${prefix}-${name}`,
    protocolVersion: version,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: wait,
  };
  if (transport === 'tls') {
    options.ca = readFileSync(process.env.MQTT_CAFILE);
    options.rejectUnauthorized = true;
  }
  const client = mqtt.connect(url(), options);
  await within(new Promise((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
    client.once('close', () => reject(new Error(`${name}: connection closed before CONNACK`)));
  }), `${name}: CONNACK`);
  return client;
}

async function main() {
  step('subscribe');
  const subscriber = await connect('sub');
  const received = [];
  let lastArrived;
  const allArrived = new Promise((resolve) => { lastArrived = resolve; });
  subscriber.on('message', (name, payload, packet) => {
    const message = { topic: name, payload: payload.toString('utf8'), qos: packet.qos, retain: packet.retain };
    if (packet.properties?.userProperties) {
      message.userProperties = packet.properties.userProperties;
    }
    received.push(message);
    if (message.payload === 'qos2') {
      lastArrived();
    }
  });
  const granted = await within(subscriber.subscribeAsync(topic, { qos: 2 }), 'SUBACK');
  result.granted = granted.map((grant) => grant.qos);

  step('publish');
  const publisher = await connect('pub');
  await within(publisher.publishAsync(topic, 'qos0', { qos: 0 }), 'publish at QoS 0');
  await within(publisher.publishAsync(topic, 'qos1', { qos: 1 }), 'PUBACK');
  const properties = version === 5 ? { properties: { userProperties: { transport } } } : {};
  await within(publisher.publishAsync(topic, 'qos2', { qos: 2, ...properties }), 'PUBCOMP');

  step('receive');
  await within(allArrived, 'the QoS 2 message');
  result.received = received;
  await publisher.endAsync();
  await subscriber.endAsync();
}

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

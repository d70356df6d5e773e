// MQTT.js (npm mqtt 5) publishes and subscribes over TRANSPORT: "tcp" (MQTT_HOST:MQTT_PORT), "tls"
// (MQTT_TLS_HOST:MQTT_TLS_PORT, verified against MQTT_CAFILE) or "ws" (MQTT_WS_URL, subprotocol "mqtt"), speaking
// MQTT_VERSION 5 or 311. A subscriber at QoS 2 receives three messages published at QoS 0, 1 and 2, in order; in
// 5.0 the last one carries a user property. Prints one JSON object: what was received, or an error with the step.
import { readFileSync } from 'node:fs';
import { connect as connectTo, prefix, result, run, step, within } from './mqtt_common.mjs';

const version = process.env.MQTT_VERSION === '311' ? 4 : 5;
const transport = process.env.TRANSPORT ?? 'tcp';
const topic = `${prefix}/node-${transport}`;

function url() {
  switch (transport) {
    case 'tcp': return `mqtt://${process.env.MQTT_HOST}:${process.env.MQTT_PORT}`;
    case 'tls': return `mqtts://${process.env.MQTT_TLS_HOST}:${process.env.MQTT_TLS_PORT}`;
    case 'ws': return process.env.MQTT_WS_URL;
    default: throw new Error(`unknown TRANSPORT ${transport}`);
  }
}

function connect(name) {
  const options = { protocolVersion: version };
  if (transport === 'tls') {
    options.ca = readFileSync(process.env.MQTT_CAFILE);
    options.rejectUnauthorized = true;
  }
  return connectTo(name, url(), options);
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

await run(main);

// MQTT.js (npm mqtt 5) as a subscriber that accepts topic aliases from the server (MQTT 5.0 section 3.3.2.3.4):
// its CONNECT carries Topic Alias Maximum ALIASES (2 by default), fewer than the topics it receives on, so a server
// that aliases must reassign them. MQTT.js resolves an incoming alias itself and closes the connection on an alias
// it does not know or above its maximum. A publisher sends a fixed sequence of messages over three topics, then a
// marker. Prints one JSON object: every message received (topic as resolved, the topic name and alias on the wire).
import { connect as connectTo, prefix, result, run, step, within } from './mqtt_common.mjs';

const aliases = Number(process.env.ALIASES ?? '2');
result.aliasMaximum = aliases;

function connect(name, properties) {
  return connectTo(name, `mqtt://${process.env.MQTT_HOST}:${process.env.MQTT_PORT}`, { protocolVersion: 5, properties });
}

async function main() {
  step('subscribe');
  const subscriber = await connect('sub', { topicAliasMaximum: aliases });
  const received = [];
  let markerArrived;
  let closed;
  const marker = new Promise((resolve) => { markerArrived = resolve; });
  const closedEarly = new Promise((_, reject) => { closed = reject; });
  subscriber.on('close', () => closed(new Error('the subscriber\'s connection closed (a bad topic alias?)')));
  subscriber.on('message', (topic, payload, packet) => {
    received.push({
      topic,
      payload: payload.toString('utf8'),
      qos: packet.qos,
      wireTopic: packet.topic.toString(),
      alias: packet.properties?.topicAlias ?? 0,
    });
    if (payload.toString('utf8') === 'end') {
      markerArrived();
    }
  });
  await within(subscriber.subscribeAsync(`${prefix}/alias/#`, { qos: 1 }), 'SUBACK');

  step('publish');
  const publisher = await connect('pub', {});
  const sequence = ['a', 'b', 'a', 'c', 'a', 'b', 'c', 'c', 'a', 'b'];
  for (const [index, name] of sequence.entries()) {
    await within(publisher.publishAsync(`${prefix}/alias/${name}`, `${name}-${index}`, { qos: index % 2 }), `publish ${index}`);
  }
  await within(publisher.publishAsync(`${prefix}/alias/end`, 'end', { qos: 1 }), 'PUBACK of the marker');

  step('receive');
  await within(Promise.race([marker, closedEarly]), 'the end marker');
  result.received = received;
  await publisher.endAsync();
  subscriber.removeAllListeners('close');
  await subscriber.endAsync();
}

await run(main);

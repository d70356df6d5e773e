#!/usr/bin/env bash
# mosquitto_sub subscribed at QoS $QOS receives what mosquitto_pub publishes at QoS $QOS, in order: three messages,
# the last one marking the end. Prints {"received": [{topic, qos, retain, payload}...]}.
source "$(dirname "$0")/common.sh"
topic="$TOPIC_PREFIX/pubsub"
RECEIVED=()

step subscribe
start_subscriber -q "$QOS" -t "$topic"
trap stop_subscriber EXIT

step publish
for payload in first second last; do
  publish -q "$QOS" -t "$topic" -m "$payload"
done

step receive
read_messages_until last
jq -n --argjson received "$(received_json)" '{received: $received}'

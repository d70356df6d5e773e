#!/usr/bin/env bash
# mosquitto_sub subscribed at QoS $QOS receives what mosquitto_pub publishes at QoS $QOS, in order: three messages
# from one connection (`-l` sends a message per line of stdin), the last one marking the end. Order is promised only
# per publishing connection (4.6, Message ordering): separate mosquitto_pub runs at QoS 0 exit before the server has
# routed their message, so a later run's message may overtake it.
# Prints {"received": [{topic, qos, retain, payload}...]}.
source "$(dirname "$0")/common.sh"
topic="$TOPIC_PREFIX/pubsub"
RECEIVED=()

step subscribe
start_subscriber -q "$QOS" -t "$topic"
trap stop_subscriber EXIT

step publish
printf '%s\n' first second last | publish -q "$QOS" -t "$topic" -l

step receive
read_messages_until last
jq -n --argjson received "$(received_json)" '{received: $received}'

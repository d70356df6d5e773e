#!/usr/bin/env bash
# A retained message reaches a subscriber that arrives later (with the retain flag set), and an empty retained
# publish clears it: a subscriber arriving after that gets only the marker published after its SUBACK (the server
# sends retained messages right after the SUBACK, so a retained message left behind would come first).
source "$(dirname "$0")/common.sh"
topic="$TOPIC_PREFIX/retained"
RECEIVED=()

step publish-retained
publish -q 1 -r -t "$topic" -m kept

step subscribe-after
start_subscriber -q 1 -t "$topic"
read_messages_until kept
stop_subscriber
after=$(received_json)
RECEIVED=()

step clear
publish -q 1 -r -t "$topic" -n

step subscribe-after-clear
start_subscriber -q 1 -t "$topic"
trap stop_subscriber EXIT
publish -q 1 -t "$topic" -m marker
read_messages_until marker
cleared=$(received_json)

jq -n --argjson after "$after" --argjson cleared "$cleared" '{afterRetain: $after, afterClear: $cleared}'

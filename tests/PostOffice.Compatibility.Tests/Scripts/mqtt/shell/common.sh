# Shared by the mosquitto_pub / mosquitto_sub scenario scripts (Debian's mosquitto-clients).
#
# Environment: MQTT_HOST, MQTT_PORT, TOPIC_PREFIX (unique per run), MQTT_VERSION (5 or 311), MQTT_WAIT_SECONDS
# (bounds every wait); with MQTT_TLS=1 the clients connect to MQTT_TLS_HOST:MQTT_TLS_PORT and verify the server
# against MQTT_CAFILE. A script announces its steps on stderr ("step: NAME") and prints one JSON object on stdout
# (built with jq); a wait that runs out prints {"error", "failedStep"} and exits 1.
set -euo pipefail

WAIT="${MQTT_WAIT_SECONDS:-30}"
current_step="(before the first step)"

step() {
  current_step="$1"
  echo "step: $1" >&2
}

fail() {
  jq -n --arg error "$1" --arg step "$current_step" '{error: $error, failedStep: $step}'
  exit 1
}

# The connection options every client of a scenario uses.
connection_args() {
  if [ "${MQTT_TLS:-0}" = "1" ]; then
    printf '%s\n' -h "$MQTT_TLS_HOST" -p "$MQTT_TLS_PORT" --cafile "$MQTT_CAFILE"
  else
    printf '%s\n' -h "$MQTT_HOST" -p "$MQTT_PORT"
  fi
  printf '%s\n' -V "${MQTT_VERSION:-5}"
}
mapfile -t CONNECTION < <(connection_args)

# Starts `mosquitto_sub -d` as a coprocess on SUB (its stdout and stderr merged, one line each) and returns once it
# printed the SUBACK, so that whatever is published afterwards must reach it. stdbuf makes its output line-buffered:
# mosquitto_sub does not flush its debug lines. Received messages are printed as "msg|TOPIC|QOS|RETAIN|PAYLOAD" lines. Arguments: mosquitto_sub options (-t, -q, -i, ...).
start_subscriber() {
  coproc SUB { exec stdbuf -oL mosquitto_sub "${CONNECTION[@]}" -d -F 'msg|%t|%q|%r|%p' "$@" 2>&1; }
  local line
  while IFS= read -r -t "$WAIT" line <&"${SUB[0]}"; do
    echo "mosquitto_sub: $line" >&2
    case "$line" in
      *"received SUBACK"*) return 0 ;;
    esac
  done
  fail "mosquitto_sub printed no SUBACK within ${WAIT} s"
}

# Reads the subscriber's lines up to and including the message whose payload is $1; the "msg|" lines read are
# appended to the array RECEIVED (without the "msg|" prefix).
read_messages_until() {
  local last="$1" line
  while IFS= read -r -t "$WAIT" line <&"${SUB[0]}"; do
    echo "mosquitto_sub: $line" >&2
    case "$line" in
      msg\|*)
        RECEIVED+=("${line#msg|}")
        [ "${line##*|}" = "$last" ] && return 0
        ;;
    esac
  done
  fail "mosquitto_sub did not receive the payload '$last' within ${WAIT} s; got: ${RECEIVED[*]:-nothing}"
}

stop_subscriber() {
  if [ -n "${SUB_PID:-}" ]; then
    kill "$SUB_PID" 2>/dev/null || true
    wait "$SUB_PID" 2>/dev/null || true
  fi
}

publish() {
  mosquitto_pub "${CONNECTION[@]}" "$@" || fail "mosquitto_pub $* exited with $?"
}

# The RECEIVED lines "TOPIC|QOS|RETAIN|PAYLOAD" as a JSON array of {topic, qos, retain, payload}.
received_json() {
  printf '%s\n' "${RECEIVED[@]}" | jq -R -s -c 'split("\n") | map(select(length > 0) | split("|")
    | {topic: .[0], qos: (.[1] | tonumber), retain: (.[2] == "1"), payload: (.[3:] | join("|"))})'
}

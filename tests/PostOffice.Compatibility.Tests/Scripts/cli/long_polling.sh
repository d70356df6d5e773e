# A ReceiveMessage long poll (WaitTimeSeconds=10) that is in flight when a message is sent returns with it at once.
source "$(dirname "$0")/common.sh"
wait_time=10

call create create-queue --queue-name "$QUEUE_PREFIX-poll"
url=$(get .QueueUrl)

echo "step: receiveInFlight" >&2
mkfifo "$WORK/debug" "$WORK/barrier"
started=$(now_ms)
(
  "$AWS" --debug --endpoint-url "$SQS_ENDPOINT" --output json sqs receive-message --queue-url "$url" \
    --wait-time-seconds "$wait_time" --max-number-of-messages 1 >"$WORK/receive.json" 2>"$WORK/debug"
  echo $? >"$WORK/receive.status"
  now_ms >"$WORK/receive.returned"
) &
receiver=$!
# The barrier: with --debug the CLI logs "Sending http request" right before it writes the request. The reader keeps
# draining the log afterwards so that the CLI never blocks on it.
{
  if grep -m 1 -q 'Sending http request'; then echo sent; else echo "no request"; fi >"$WORK/barrier"
  cat >/dev/null
} <"$WORK/debug" &
read -r barrier <"$WORK/barrier"
[ "$barrier" = sent ] || { wait "$receiver"; fail receiveInFlight; }

sent=$(now_ms)
call send send-message --queue-url "$url" --message-body "wake up"
wait "$receiver"
if [ "$(cat "$WORK/receive.status")" = 0 ]; then
  [ -s "$WORK/receive.json" ] || echo '{}' >"$WORK/receive.json"
  _set receive "$WORK/receive.json"
else
  record receive "{\"error\": {\"code\": \"CliFailure\", \"message\": \"exit $(cat "$WORK/receive.status")\"}}"
fi
returned=$(cat "$WORK/receive.returned")
record timing "{\"waitTimeSeconds\": $wait_time, \"sendToReturnMs\": $((returned - sent)), \"receiveTotalMs\": $((returned - started))}"
finish

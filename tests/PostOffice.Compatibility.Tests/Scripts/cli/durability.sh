# Durability, in phases the test runs around a SIGKILL of the server (PHASE=send | receive | receive-delete).
#
# send: creates the queue and sends 5 single messages and a batch of 10; records the acknowledged ones.
# receive: receives everything it can (EXPECTED messages at most, then one more long poll that must come back empty).
# receive-delete: receives everything, deletes the even-numbered messages, makes the others visible again at once.
source "$(dirname "$0")/common.sh"
: "${PHASE:?send, receive or receive-delete}"
name="$QUEUE_PREFIX-durable"

# Fills $WORK/found with the received messages (by MessageId) and records them, sorted by body.
receive_all() {
  local expected=$1 attempt
  echo '{}' >"$WORK/found"
  for ((attempt = 0; attempt < expected + 5; attempt++)); do
    call "receive$attempt" receive-message --queue-url "$url" --max-number-of-messages 10 --visibility-timeout 120 \
      --wait-time-seconds 1
    jq -s '.[0] + ([.[1].Messages // [] | .[] | {(.MessageId): .}] | add // {})' "$WORK/found" "$LAST" \
      >"$WORK/next" && mv "$WORK/next" "$WORK/found"
    [ "$(jq '.Messages // [] | length' "$LAST")" -eq 0 ] && break
    [ "$(jq length "$WORK/found")" -ge "$expected" ] && break
  done
  call receiveAfterAll receive-message --queue-url "$url" --max-number-of-messages 10 --wait-time-seconds 1
  record received "$(jq -c '[.[] | {MessageId, Body}] | sort_by(.Body)' "$WORK/found")"
}

case "$PHASE" in
  send)
    call create create-queue --queue-name "$name"
    url=$(get .QueueUrl)
    echo '[]' >"$WORK/sent"
    for number in 0 1 2 3 4; do
      body=$(printf 'durable-%02d' "$number")
      call "send$number" send-message --queue-url "$url" --message-body "$body"
      jq --arg body "$body" --arg id "$(get .MessageId)" '. + [{MessageId: $id, Body: $body}]' "$WORK/sent" \
        >"$WORK/next" && mv "$WORK/next" "$WORK/sent"
    done
    call sendBatch send-message-batch --queue-url "$url" \
      --entries "$(jq -c -n '[range(5; 15) | {Id: "b\(.)", MessageBody: ("durable-" + (if . < 10 then "0" else "" end) + "\(.)")}]')"
    jq -s '.[0] + [.[1].Successful // [] | .[] | {MessageId, Body: ("durable-" + (.Id[1:] | if length < 2 then "0" + . else . end))}]
      | sort_by(.Body)' "$WORK/sent" "$LAST" >"$WORK/next" && mv "$WORK/next" "$WORK/sent"
    _set sent "$WORK/sent"
    ;;
  receive)
    call getUrl get-queue-url --queue-name "$name"
    url=$(get .QueueUrl)
    receive_all "${EXPECTED:?}"
    ;;
  receive-delete)
    call getUrl get-queue-url --queue-name "$name"
    url=$(get .QueueUrl)
    receive_all "${EXPECTED:?}"
    deleted=() kept=()
    while IFS=$'\t' read -r body receipt; do
      number=$((10#${body##*-}))
      if ((number % 2 == 0)); then
        call "delete-$body" delete-message --queue-url "$url" --receipt-handle "$receipt"
        deleted+=("$body")
      else
        call "release-$body" change-message-visibility --queue-url "$url" --receipt-handle "$receipt" --visibility-timeout 0
        kept+=("$body")
      fi
    done < <(jq -r '[.[]] | sort_by(.Body) | .[] | [.Body, .ReceiptHandle] | @tsv' "$WORK/found")
    record deleted "$(printf '%s\n' "${deleted[@]}" | jq -R . | jq -s -c 'map(select(length > 0))')"
    record kept "$(printf '%s\n' "${kept[@]}" | jq -R . | jq -s -c 'map(select(length > 0))')"
    ;;
  *)
    echo "unknown PHASE $PHASE" >&2
    exit 2
    ;;
esac
finish

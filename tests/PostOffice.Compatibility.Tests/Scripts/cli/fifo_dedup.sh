# FIFO deduplication: by MessageDeduplicationId, and by content (SHA-256 of the body) when enabled.
source "$(dirname "$0")/common.sh"
all_system=(--attribute-names All)
[ "$AWS_CLI_MAJOR" = 1 ] && all_system=(--message-system-attribute-names All)

call create create-queue --queue-name "$QUEUE_PREFIX-dedup.fifo" --attributes FifoQueue=true,ContentBasedDeduplication=true
url=$(get .QueueUrl)
call sendContent1 send-message --queue-url "$url" --message-body "same body" --message-group-id g
call sendContent2 send-message --queue-url "$url" --message-body "same body" --message-group-id g
call sendExplicit1 send-message --queue-url "$url" --message-body "explicit one" --message-group-id g \
  --message-deduplication-id explicit
call sendExplicit2 send-message --queue-url "$url" --message-body "explicit two" --message-group-id g \
  --message-deduplication-id explicit

echo '[]' >"$WORK/received"
for attempt in 0 1 2 3 4; do
  call "receive$attempt" receive-message --queue-url "$url" --max-number-of-messages 10 --visibility-timeout 30 \
    --wait-time-seconds 1 "${all_system[@]}"
  cp "$LAST" "$WORK/batch.json"
  count=$(jq '.Messages // [] | length' "$WORK/batch.json")
  for ((index = 0; index < count; index++)); do
    jq -s --argjson index "$index" \
      '.[0] + [.[1].Messages[$index] | {Body, MessageDeduplicationId: .Attributes.MessageDeduplicationId}]' \
      "$WORK/received" "$WORK/batch.json" >"$WORK/next" && mv "$WORK/next" "$WORK/received"
    call "delete$(jq length "$WORK/received")" delete-message --queue-url "$url" \
      --receipt-handle "$(jq -r ".Messages[$index].ReceiptHandle" "$WORK/batch.json")"
  done
  [ "$(jq length "$WORK/received")" -ge 2 ] && break
done
_set received "$WORK/received"
call receiveAfterAll receive-message --queue-url "$url" --max-number-of-messages 10
finish

# FIFO: order within a message group, one in-flight message per group, required MessageGroupId and deduplication.
source "$(dirname "$0")/common.sh"
# v1 (current model) names the selector MessageSystemAttributeNames; v2 2.9.19 predates it and sends AttributeNames.
all_system=(--attribute-names All)
[ "$AWS_CLI_MAJOR" = 1 ] && all_system=(--message-system-attribute-names All)

call create create-queue --queue-name "$QUEUE_PREFIX-order.fifo" --attributes FifoQueue=true
url=$(get .QueueUrl)
for number in 1 2 3; do
  call "send$number" send-message --queue-url "$url" --message-body "m$number" --message-group-id g1 \
    --message-deduplication-id "d$number"
done
expect_error sendWithoutGroup send-message --queue-url "$url" --message-body "no group" --message-deduplication-id d9
expect_error sendWithoutDeduplicationId send-message --queue-url "$url" --message-body "no dedup" --message-group-id g1

call receiveFirst receive-message --queue-url "$url" --max-number-of-messages 1 --visibility-timeout 30 \
  --wait-time-seconds 1 "${all_system[@]}"
receipt=$(get '.Messages[0].ReceiptHandle // empty')
[ -n "$receipt" ] || fail receiveFirst
call receiveWhileGroupInFlight receive-message --queue-url "$url" --max-number-of-messages 10
call deleteFirst delete-message --queue-url "$url" --receipt-handle "$receipt"

rest=()
for attempt in 0 1 2 3 4; do
  call "receiveRest$attempt" receive-message --queue-url "$url" --max-number-of-messages 10 --visibility-timeout 30 \
    --wait-time-seconds 1
  cp "$LAST" "$WORK/batch.json"
  count=$(jq '.Messages // [] | length' "$WORK/batch.json")
  for ((index = 0; index < count; index++)); do
    rest+=("$(jq -r ".Messages[$index].Body" "$WORK/batch.json")")
    call "deleteRest${#rest[@]}" delete-message --queue-url "$url" \
      --receipt-handle "$(jq -r ".Messages[$index].ReceiptHandle" "$WORK/batch.json")"
  done
  [ "${#rest[@]}" -ge 2 ] && break
done
record restBodies "$(printf '%s\n' "${rest[@]}" | jq -R . | jq -s -c .)"
call receiveAfterAll receive-message --queue-url "$url" --max-number-of-messages 10
finish

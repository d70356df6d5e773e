# Send/Delete/ChangeMessageVisibility batches mixing good and bad entries: bad entries fail one by one.
source "$(dirname "$0")/common.sh"
bogus=not-a-receipt-handle

call create create-queue --queue-name "$QUEUE_PREFIX-batch"
url=$(get .QueueUrl)
call sendBatch send-message-batch --queue-url "$url" --entries '[
  {"Id": "ok-1", "MessageBody": "first"},
  {"Id": "bad-delay", "MessageBody": "delayed too long", "DelaySeconds": 901},
  {"Id": "ok-2", "MessageBody": "second", "DelaySeconds": 0}
]'

echo '{}' >"$WORK/received"
for attempt in 0 1 2 3 4; do
  call "receive$attempt" receive-message --queue-url "$url" --max-number-of-messages 10 --wait-time-seconds 1 \
    --visibility-timeout 30
  jq -s '.[0] + ([.[1].Messages // [] | .[] | {(.Body): .ReceiptHandle}] | add // {})' "$WORK/received" "$LAST" \
    >"$WORK/next" && mv "$WORK/next" "$WORK/received"
  [ "$(jq length "$WORK/received")" -ge 2 ] && break
done
record receivedBodies "$(jq -c 'keys' "$WORK/received")"
[ "$(jq -c 'keys' "$WORK/received")" = '["first","second"]' ] || fail receivedBodies
first=$(jq -r .first "$WORK/received")
second=$(jq -r .second "$WORK/received")

call deleteBatch delete-message-batch --queue-url "$url" --entries "$(jq -c -n --arg first "$first" --arg bogus "$bogus" \
  '[{Id: "del-1", ReceiptHandle: $first}, {Id: "del-bogus", ReceiptHandle: $bogus}]')"
call changeVisibilityBatch change-message-visibility-batch --queue-url "$url" --entries "$(jq -c -n \
  --arg second "$second" --arg bogus "$bogus" \
  '[{Id: "vis-1", ReceiptHandle: $second, VisibilityTimeout: 0}, {Id: "vis-bogus", ReceiptHandle: $bogus, VisibilityTimeout: 0}]')"
# "second" was made visible at once; "first" was deleted.
call receiveAfter receive-message --queue-url "$url" --max-number-of-messages 10 --wait-time-seconds 1 \
  --attribute-names ApproximateReceiveCount
finish

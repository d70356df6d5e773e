# VisibilityTimeout on receive, ChangeMessageVisibility to 0, and expiry of a 1 s timeout.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-vis"
url=$(get .QueueUrl)
call send send-message --queue-url "$url" --message-body peekaboo
call receiveHidden receive-message --queue-url "$url" --visibility-timeout 30 --wait-time-seconds 1 \
  --attribute-names ApproximateReceiveCount
receipt=$(get '.Messages[0].ReceiptHandle // empty')
[ -n "$receipt" ] || fail receiveHidden
call receiveWhileHidden receive-message --queue-url "$url"
call changeToZero change-message-visibility --queue-url "$url" --receipt-handle "$receipt" --visibility-timeout 0
call receiveOneSecond receive-message --queue-url "$url" --visibility-timeout 1 --attribute-names ApproximateReceiveCount
# The bounded wait: a long poll that the message's return after 1 s ends.
call receiveAfterExpiry receive-message --queue-url "$url" --wait-time-seconds 2 --visibility-timeout 30 \
  --attribute-names ApproximateReceiveCount
receipt=$(get '.Messages[0].ReceiptHandle // empty')
[ -n "$receipt" ] || fail receiveAfterExpiry
call delete delete-message --queue-url "$url" --receipt-handle "$receipt"
call receiveAfterDelete receive-message --queue-url "$url"
finish

# Invalid attribute names and values, a body over the queue's limit, forbidden characters, out-of-range parameters.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-inv" --attributes MaximumMessageSize=1024
url=$(get .QueueUrl)
expect_error createInvalidAttributeName create-queue --queue-name "$QUEUE_PREFIX-bad-name" --attributes NotAnAttribute=1
expect_error createInvalidAttributeValue create-queue --queue-name "$QUEUE_PREFIX-bad-value" \
  --attributes VisibilityTimeout=43201
expect_error getInvalidAttributeName get-queue-attributes --queue-url "$url" --attribute-names NotAnAttribute
expect_error setInvalidAttributeName set-queue-attributes --queue-url "$url" --attributes NotAnAttribute=1
call sendAtLimit send-message --queue-url "$url" --message-body "$(printf 'x%.0s' {1..1024})"
expect_error sendTooLarge send-message --queue-url "$url" --message-body "$(printf 'x%.0s' {1..1025})"
expect_error sendInvalidCharacters send-message --queue-url "$url" --message-body $'invalid \x01 character'
expect_error sendDelayTooLong send-message --queue-url "$url" --message-body later --delay-seconds 901
expect_error receiveTooMany receive-message --queue-url "$url" --max-number-of-messages 11
expect_error deleteBogusReceipt delete-message --queue-url "$url" --receipt-handle not-a-receipt-handle
finish

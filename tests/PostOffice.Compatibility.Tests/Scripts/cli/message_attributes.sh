# SendMessage with String, Number, Binary and custom-typed attributes; ReceiveMessage; DeleteMessage.
source "$(dirname "$0")/common.sh"
body='Hello from the PostOffice compatibility tests: ünïcödé ✓'
# The binary value's bytes are 00 01 02 7f "bin": JSON escapes, sent as raw bytes (see BINARY_FORMAT).
attributes='{
  "Greeting": {"DataType": "String", "StringValue": "héllo wörld ✓"},
  "Count": {"DataType": "Number", "StringValue": "42.5"},
  "Blob": {"DataType": "Binary", "BinaryValue": "\u0000\u0001\u0002\u007fbin"},
  "Kind": {"DataType": "String.custom", "StringValue": "compat"}
}'

call create create-queue --queue-name "$QUEUE_PREFIX-attrs"
url=$(get .QueueUrl)
before=$(now_ms)
call send send-message "${BINARY_FORMAT[@]}" --queue-url "$url" --message-body "$body" --message-attributes "$attributes"
call receive receive-message --queue-url "$url" --max-number-of-messages 10 --wait-time-seconds 1 \
  --visibility-timeout 30 --message-attribute-names All --attribute-names All
receipt=$(get '.Messages[0].ReceiptHandle // empty')
record clock "{\"before\": $before, \"after\": $(now_ms)}"
[ -n "$receipt" ] || fail receive
call delete delete-message --queue-url "$url" --receipt-handle "$receipt"
call receiveAfterDelete receive-message --queue-url "$url" --max-number-of-messages 10
finish

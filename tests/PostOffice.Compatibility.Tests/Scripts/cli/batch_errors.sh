# Batches that fail as a whole: empty, more than 10 entries, repeated ids, an id with forbidden characters.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-batcherr"
url=$(get .QueueUrl)
expect_error sendEmpty send-message-batch --queue-url "$url" --entries '[]'
expect_error sendTooMany send-message-batch --queue-url "$url" \
  --entries "$(jq -c -n '[range(11) | {Id: "m\(.)", MessageBody: "body \(.)"}]')"
expect_error sendDuplicateIds send-message-batch --queue-url "$url" \
  --entries '[{"Id": "same", "MessageBody": "one"}, {"Id": "same", "MessageBody": "two"}]'
expect_error sendInvalidId send-message-batch --queue-url "$url" --entries '[{"Id": "bad id!", "MessageBody": "one"}]'
expect_error deleteEmpty delete-message-batch --queue-url "$url" --entries '[]'
expect_error changeVisibilityDuplicateIds change-message-visibility-batch --queue-url "$url" --entries '[
  {"Id": "same", "ReceiptHandle": "handle-a", "VisibilityTimeout": 0},
  {"Id": "same", "ReceiptHandle": "handle-b", "VisibilityTimeout": 0}
]'
# A batch that fails as a whole sends nothing.
call receiveAfter receive-message --queue-url "$url" --max-number-of-messages 10 --wait-time-seconds 1
finish

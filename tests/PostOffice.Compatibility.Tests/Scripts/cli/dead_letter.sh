# RedrivePolicy with maxReceiveCount 1: the second receive moves the message to the dead-letter queue.
source "$(dirname "$0")/common.sh"

call createDeadLetter create-queue --queue-name "$QUEUE_PREFIX-dlq"
dead_letter_url=$(get .QueueUrl)
call deadLetterArn get-queue-attributes --queue-url "$dead_letter_url" --attribute-names QueueArn
redrive=$(jq -c -n --arg arn "$(get .Attributes.QueueArn)" '{deadLetterTargetArn: $arn, maxReceiveCount: "1"}')
call createSource create-queue --queue-name "$QUEUE_PREFIX-src" \
  --attributes "$(jq -c -n --arg redrive "$redrive" '{RedrivePolicy: $redrive}')"
source_url=$(get .QueueUrl)
call sourceAttributes get-queue-attributes --queue-url "$source_url" --attribute-names RedrivePolicy QueueArn
call send send-message --queue-url "$source_url" --message-body poison

call receiveFirst receive-message --queue-url "$source_url" --visibility-timeout 30 --wait-time-seconds 1 \
  --attribute-names ApproximateReceiveCount
receipt=$(get '.Messages[0].ReceiptHandle // empty')
[ -n "$receipt" ] || fail receiveFirst
call makeVisible change-message-visibility --queue-url "$source_url" --receipt-handle "$receipt" --visibility-timeout 0
# A long poll, not a short one: on AWS a short poll samples only some servers and might not meet the message.
call receiveSecond receive-message --queue-url "$source_url" --wait-time-seconds 1
call receiveFromDeadLetter receive-message --queue-url "$dead_letter_url" --wait-time-seconds 1 --attribute-names All
call listSources list-dead-letter-source-queues --queue-url "$dead_letter_url"
finish

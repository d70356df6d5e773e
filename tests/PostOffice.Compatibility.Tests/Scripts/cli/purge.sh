# PurgeQueue empties the queue; a second purge within 60 seconds fails with PurgeQueueInProgress.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-purge"
url=$(get .QueueUrl)
call send1 send-message --queue-url "$url" --message-body one
call send2 send-message --queue-url "$url" --message-body two
call purge purge-queue --queue-url "$url"
call receiveAfterPurge receive-message --queue-url "$url" --max-number-of-messages 10
expect_error purgeAgain purge-queue --queue-url "$url"
finish

# DeleteQueue: afterwards the name does not resolve, the prefix lists nothing, and sends fail.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-doomed"
url=$(get .QueueUrl)
call send send-message --queue-url "$url" --message-body "left behind"
call delete delete-queue --queue-url "$url"
expect_error getUrlAfterDelete get-queue-url --queue-name "$QUEUE_PREFIX-doomed"
call listAfterDelete list-queues --queue-name-prefix "$QUEUE_PREFIX"
expect_error sendAfterDelete send-message --queue-url "$url" --message-body "too late"
finish

# CreateQueue on an existing name: the same attributes return the queue; different ones fail.
source "$(dirname "$0")/common.sh"
name="$QUEUE_PREFIX-twice" fifo="$QUEUE_PREFIX-twice.fifo"

call create create-queue --queue-name "$name" --attributes VisibilityTimeout=40,DelaySeconds=1
call createSameAgain create-queue --queue-name "$name" --attributes VisibilityTimeout=40,DelaySeconds=1
expect_error createDifferent create-queue --queue-name "$name" --attributes VisibilityTimeout=41,DelaySeconds=1
call createFifo create-queue --queue-name "$fifo" --attributes FifoQueue=true,ContentBasedDeduplication=true
call createFifoSameAgain create-queue --queue-name "$fifo" --attributes FifoQueue=true,ContentBasedDeduplication=true
expect_error createFifoDifferent create-queue --queue-name "$fifo" --attributes FifoQueue=true,ContentBasedDeduplication=false
call getUrl get-queue-url --queue-name "$name"
url=$(get .QueueUrl)
call attributes get-queue-attributes --queue-url "$url" --attribute-names VisibilityTimeout DelaySeconds
finish

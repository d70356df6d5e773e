# CreateQueue (standard, FIFO), GetQueueUrl, ListQueues by prefix, Get/SetQueueAttributes.
source "$(dirname "$0")/common.sh"
standard="$QUEUE_PREFIX-std" fifo="$QUEUE_PREFIX-fifo.fifo" dead_letter="$QUEUE_PREFIX-dlq"

before=$(date +%s)
call createDeadLetter create-queue --queue-name "$dead_letter"
call createStandard create-queue --queue-name "$standard" --attributes \
  VisibilityTimeout=45,DelaySeconds=2,MessageRetentionPeriod=3600,MaximumMessageSize=2048,ReceiveMessageWaitTimeSeconds=3
call createFifo create-queue --queue-name "$fifo" --attributes FifoQueue=true,ContentBasedDeduplication=true,VisibilityTimeout=20
record clock "{\"before\": $before, \"after\": $(date +%s)}"

call getStandardUrl get-queue-url --queue-name "$standard"
standard_url=$(get .QueueUrl)
call getFifoUrl get-queue-url --queue-name "$fifo"
fifo_url=$(get .QueueUrl)
call getDeadLetterUrl get-queue-url --queue-name "$dead_letter"
dead_letter_url=$(get .QueueUrl)
call listByPrefix list-queues --queue-name-prefix "$QUEUE_PREFIX"
call listByUnusedPrefix list-queues --queue-name-prefix "$QUEUE_PREFIX-none"

call standardAttributes get-queue-attributes --queue-url "$standard_url" --attribute-names All
call fifoAttributes get-queue-attributes --queue-url "$fifo_url" --attribute-names All
call deadLetterDefaults get-queue-attributes --queue-url "$dead_letter_url" --attribute-names All
call deadLetterArnOnly get-queue-attributes --queue-url "$dead_letter_url" --attribute-names QueueArn
arn=$(get .Attributes.QueueArn)

redrive=$(jq -c -n --arg arn "$arn" '{deadLetterTargetArn: $arn, maxReceiveCount: "5"}')
call setStandard set-queue-attributes --queue-url "$standard_url" --attributes \
  "$(jq -c -n --arg redrive "$redrive" '{VisibilityTimeout: "60", DelaySeconds: "0", RedrivePolicy: $redrive}')"
call standardAfterSet get-queue-attributes --queue-url "$standard_url" \
  --attribute-names VisibilityTimeout DelaySeconds RedrivePolicy MessageRetentionPeriod
finish

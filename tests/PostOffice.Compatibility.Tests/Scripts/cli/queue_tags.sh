# CreateQueue with tags, TagQueue, UntagQueue, ListQueueTags.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-tags" --tags team=compat,stage=test
url=$(get .QueueUrl)
call listInitial list-queue-tags --queue-url "$url"
call tag tag-queue --queue-url "$url" --tags owner=postoffice,stage=prod
call untag untag-queue --queue-url "$url" --tag-keys team
call listAfter list-queue-tags --queue-url "$url"
finish

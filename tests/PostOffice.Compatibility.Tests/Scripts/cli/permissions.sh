# AddPermission and RemovePermission: statements in the queue's Policy, duplicate and unknown labels, limits.
source "$(dirname "$0")/common.sh"

call create create-queue --queue-name "$QUEUE_PREFIX-perm"
url=$(get .QueueUrl)
call addOne add-permission --queue-url "$url" --label AliceSend --aws-account-ids 111122223333 --actions SendMessage
call addTwo add-permission --queue-url "$url" --label Both --aws-account-ids 111122223333 444455556666 \
  --actions ReceiveMessage DeleteMessage
call policy get-queue-attributes --queue-url "$url" --attribute-names Policy
expect_error addDuplicate add-permission --queue-url "$url" --label AliceSend --aws-account-ids 111122223333 --actions GetQueueUrl
expect_error addTooMany add-permission --queue-url "$url" --label Many --aws-account-ids 111122223333 \
  --actions ChangeMessageVisibility DeleteMessage GetQueueAttributes GetQueueUrl ListDeadLetterSourceQueues PurgeQueue \
  ReceiveMessage SendMessage
call removeOne remove-permission --queue-url "$url" --label AliceSend
expect_error removeAgain remove-permission --queue-url "$url" --label AliceSend
call policyAfterRemove get-queue-attributes --queue-url "$url" --attribute-names Policy
call removeLast remove-permission --queue-url "$url" --label Both
call policyAfterAll get-queue-attributes --queue-url "$url" --attribute-names All
finish

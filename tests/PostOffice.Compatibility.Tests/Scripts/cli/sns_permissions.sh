# SNS AddPermission and RemovePermission: statements in the topic's Policy after the default one, a duplicate
# label, an action a topic policy cannot name, an unknown label, a missing topic, a
# policy against the grammar.
source "$(dirname "$0")/common.sh"

# common.sh calls "sqs"; every step here is SNS on the same endpoint.
sqs() {
  "$AWS" --endpoint-url "$SQS_ENDPOINT" --output json sns "$@"
}

call createTopic create-topic --name "$QUEUE_PREFIX-perm"
topic=$(get .TopicArn)
call addOne add-permission --topic-arn "$topic" --label AlicePublish --aws-account-id 111122223333 --action-name Publish
call addTwo add-permission --topic-arn "$topic" --label Both --aws-account-id 111122223333 444455556666 \
  --action-name Subscribe GetTopicAttributes
call policy get-topic-attributes --topic-arn "$topic"
expect_error addDuplicate add-permission --topic-arn "$topic" --label AlicePublish --aws-account-id 111122223333 \
  --action-name Subscribe
expect_error addBadAction add-permission --topic-arn "$topic" --label Bad --aws-account-id 111122223333 --action-name CreateTopic
expect_error addMissingTopic add-permission --topic-arn "$topic-missing" --label Other --aws-account-id 111122223333 \
  --action-name Publish
call removeOne remove-permission --topic-arn "$topic" --label AlicePublish
expect_error removeAgain remove-permission --topic-arn "$topic" --label AlicePublish
expect_error removeMissingTopic remove-permission --topic-arn "$topic-missing" --label Both
call policyAfterRemove get-topic-attributes --topic-arn "$topic"
expect_error setBadPolicy set-topic-attributes --topic-arn "$topic" --attribute-name Policy \
  --attribute-value '{"Statement":{"Effect":"Allow","Principle":"*","Action":"SNS:Publish"}}'
finish

# SNS fan-out: one topic, three SQS subscriptions (enveloped; raw with an attribute filter; raw with a body filter),
# two publishes, what each queue received; tags, listing, a publish to a missing topic.
source "$(dirname "$0")/common.sh"

# common.sh calls "sqs"; "sqs sns ..." reaches SNS on the same endpoint.
sqs() {
  if [ "$1" = sns ]; then
    shift
    "$AWS" --endpoint-url "$SQS_ENDPOINT" --output json sns "$@"
  else
    "$AWS" --endpoint-url "$SQS_ENDPOINT" --output json sqs "$@"
  fi
}

arn() { echo "arn:aws:sqs:us-east-1:000000000000:$1"; }

call createTopic sns create-topic --name "$QUEUE_PREFIX-fanout" --tags Key=team,Value=orders
topic=$(get .TopicArn)
declare -A urls
for name in all red big; do
  call "createQueue-$name" create-queue --queue-name "$QUEUE_PREFIX-$name"
  urls[$name]=$(get .QueueUrl)
done
call subscribeAll sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$(arn "$QUEUE_PREFIX-all")"
jq -n '{RawMessageDelivery: "true", FilterPolicy: ({color: ["red"]} | tojson)}' >"$WORK/red.json"
call subscribeRed sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$(arn "$QUEUE_PREFIX-red")" \
  --attributes "file://$WORK/red.json"
jq -n '{RawMessageDelivery: "true", FilterPolicyScope: "MessageBody", FilterPolicy: ({total: [{numeric: [">", 100]}]} | tojson)}' >"$WORK/big.json"
call subscribeBig sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$(arn "$QUEUE_PREFIX-big")" \
  --attributes "file://$WORK/big.json"
call publishBig sns publish --topic-arn "$topic" --message '{"total": 150}' --subject "big order" \
  --message-attributes '{"color": {"DataType": "String", "StringValue": "blue"}}'
call publishRed sns publish --topic-arn "$topic" --message '{"total": 5}' \
  --message-attributes '{"color": {"DataType": "String", "StringValue": "red"}}'
call publishBatch sns publish-batch --topic-arn "$topic" \
  --publish-batch-request-entries '[{"Id": "ok", "Message": "{\"total\": 1}"}, {"Id": "empty", "Message": ""}]'

for name in all red big; do
  want=1
  [ "$name" = all ] && want=3
  echo '[]' >"$WORK/bodies.json"
  for attempt in 0 1 2; do
    call "receive-$name-$attempt" receive-message --queue-url "${urls[$name]}" --max-number-of-messages 10 \
      --wait-time-seconds 1 --message-attribute-names All
    jq -s '.[0] + (.[1].Messages // [])' "$WORK/bodies.json" "$LAST" >"$WORK/next-bodies" && mv "$WORK/next-bodies" "$WORK/bodies.json"
    [ "$(jq length "$WORK/bodies.json")" -ge "$want" ] && break
  done
  _set "received-$name" "$WORK/bodies.json"
done

call listSubscriptions sns list-subscriptions-by-topic --topic-arn "$topic"
call topicAttributes sns get-topic-attributes --topic-arn "$topic"
call tags sns list-tags-for-resource --resource-arn "$topic"
expect_error publishMissing sns publish --topic-arn "$topic-missing" --message x
jq -n '{FilterPolicy: ({a: {b: ["c"]}} | tojson)}' >"$WORK/bad.json"
expect_error badFilter sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$(arn "$QUEUE_PREFIX-x")" \
  --attributes "file://$WORK/bad.json"
finish

# Every call on a queue that does not exist fails with QueueDoesNotExist.
source "$(dirname "$0")/common.sh"
missing="$QUEUE_PREFIX-missing"

# The URL a queue of that name would have, built from a real one.
call create create-queue --queue-name "$QUEUE_PREFIX-real"
url="$(get .QueueUrl | sed 's|/[^/]*$||')/$missing"
record missingUrl "$(jq -n --arg url "$url" '$url')"
expect_error getUrl get-queue-url --queue-name "$missing"
expect_error send send-message --queue-url "$url" --message-body "nobody home"
expect_error receive receive-message --queue-url "$url"
expect_error getAttributes get-queue-attributes --queue-url "$url" --attribute-names All
expect_error purge purge-queue --queue-url "$url"
expect_error deleteQueue delete-queue --queue-url "$url"
finish

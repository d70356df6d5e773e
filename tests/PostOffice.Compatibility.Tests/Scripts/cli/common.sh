# Plumbing shared by the AWS CLI scenario scripts; both CLI generations run them (see ../../README.md). Sourced, not run.
#
# A scenario calls steps in order. Each step's JSON output (or its error, parsed from the CLI's stderr) goes into
# one JSON object keyed by step name, printed on stdout at the end. A step that must succeed and fails ends the
# script with exit code 1, after printing what was recorded plus "failedStep".
#
# Environment: AWS (the aws executable), AWS_CLI_MAJOR (1 or 2), SQS_ENDPOINT, QUEUE_PREFIX.
set -uo pipefail
: "${AWS:?path of the aws executable}" "${AWS_CLI_MAJOR:?1 or 2}" "${SQS_ENDPOINT:?}" "${QUEUE_PREFIX:?}"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RESULT="$WORK/result.json"
LAST="$WORK/last.json"
echo '{}' >"$RESULT"

# Blob members inside JSON arguments: v1 sends the string's UTF-8 bytes; v2 would decode it as base64 unless told
# to behave as v1 does.
BINARY_FORMAT=()
[ "$AWS_CLI_MAJOR" = 2 ] && BINARY_FORMAT=(--cli-binary-format raw-in-base64-out)

sqs() {
  "$AWS" --endpoint-url "$SQS_ENDPOINT" --output json sqs "$@"
}

# result[NAME] = the JSON document in FILE
_set() {
  jq --arg name "$1" --slurpfile value "$2" '.[$name] = $value[0]' "$RESULT" >"$WORK/next" && mv "$WORK/next" "$RESULT"
}

# record NAME JSON: records a value the script computed
record() {
  printf '%s' "$2" >"$WORK/value"
  _set "$1" "$WORK/value"
}

# Runs one CLI call; its output is left in $LAST ({} when the CLI printed nothing, as for a call with no result).
_run() {
  echo "step: $1" >&2
  shift
  sqs "$@" >"$WORK/out" 2>"$WORK/err"
  local status=$?
  cat "$WORK/err" >&2
  if [ -s "$WORK/out" ]; then cp "$WORK/out" "$LAST"; else echo '{}' >"$LAST"; fi
  return $status
}

# The CLI prints a service error as "An error occurred (CODE) when calling the OP operation[ (retries)]: MESSAGE".
_record_error() {
  local code message
  code=$(sed -n 's/^An error occurred (\([^)]*\)).*/\1/p' "$WORK/err" | head -n 1)
  message=$(sed -n 's/^An error occurred ([^)]*) when calling the [A-Za-z]* operation\( ([^)]*)\)\{0,1\}: //p' "$WORK/err" | head -n 1)
  if [ -z "$code" ]; then
    code=CliFailure
    grep -q '^Parameter validation failed' "$WORK/err" && code=ParamValidationError
    message=$(cat "$WORK/err")
  fi
  jq -n --arg code "$code" --arg message "$message" '{error: {code: $code, message: $message}}' >"$WORK/value"
  _set "$1" "$WORK/value"
}

# call NAME ARGS...: a step that must succeed
call() {
  local name=$1
  shift
  if _run "$name" "$@"; then _set "$name" "$LAST"; else
    _record_error "$name"
    fail "$name"
  fi
}

# expect_error NAME ARGS...: a step that should fail; records the error, or the output if it did not fail
expect_error() {
  local name=$1
  shift
  if _run "$name" "$@"; then _set "$name" "$LAST"; else _record_error "$name"; fi
}

# get FILTER: a value from the last call's output
get() {
  jq -r "$1" "$LAST"
}

now_ms() {
  echo $(($(date +%s%N) / 1000000))
}

fail() {
  jq --arg step "$1" '.failedStep = $step' "$RESULT" >"$WORK/next" && mv "$WORK/next" "$RESULT"
  finish 1
}

finish() {
  jq -S -c . "$RESULT"
  exit "${1:-0}"
}

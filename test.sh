#!/usr/bin/env bash
# The test command: installs what the tests need, builds, runs every test project, and ends with the line
# "N passed, N failed". Extra arguments go to `dotnet test` (for example: --filter "FullyQualifiedName~Storage").
#
#   ./test.sh
#   CRASH_TEST_CYCLES=1000 ./test.sh --filter "FullyQualifiedName~CrashHarness"
set -uo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }

if ! need dotnet; then
  echo "test.sh: the .NET SDK (see global.json) is required: https://dotnet.microsoft.com/download" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# Debian packages the tests use; installed only when missing (needs root or passwordless sudo).
# The SQS compatibility tests drive Debian's AWS CLI v2 (/usr/bin/aws) and boto3 1.26 (/usr/bin/python3), which
# speak the query protocol, besides pyenv's AWS CLI v1 and boto3 that come with the machine; their shell scripts
# use jq, and the npm AWS SDK runs on node. The MQTT compatibility tests drive Debian's mosquitto_pub and
# mosquitto_sub and paho-mqtt (for /usr/bin/python3), and check themselves against Debian's Mosquitto broker.
packages=()
for tool in python3 jq npm; do
  need "$tool" || packages+=("$tool")
done
need node || packages+=(nodejs)
[ -x /usr/bin/aws ] || packages+=(awscli)
/usr/bin/python3 -c 'import boto3' 2>/dev/null || packages+=(python3-boto3)
[ -x /usr/sbin/mosquitto ] || packages+=(mosquitto)
need mosquitto_sub || packages+=(mosquitto-clients)
/usr/bin/python3 -c 'import paho.mqtt' 2>/dev/null || packages+=(python3-paho-mqtt)
if [ ${#packages[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# The npm AWS SDK and npm mqtt, at the exact versions of their package-lock.json files.
for node_client in tests/PostOffice.Compatibility.Tests/Scripts/node tests/PostOffice.Compatibility.Tests/Scripts/mqtt/node; do
  if [ ! -d "$node_client/node_modules" ]; then
    (cd "$node_client" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || echo "test.sh: npm ci failed in $node_client" >&2
  fi
done

results="$(pwd)/TestResults"
rm -rf "$results"

dotnet test PostOffice.slnx -c Release \
  --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" \
  --blame-hang-timeout 10m \
  "$@"
status=$?

passed=0; failed=0
shopt -s nullglob
trx=("$results"/*.trx)
for file in "${trx[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$file" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# Name every failed test just above the summary, where a truncated log still shows it: the first three of each
# project with up to 40 lines of their message (a script's output, the server's last lines), the rest with one line.
if [ $failed -gt 0 ]; then
  echo "Failed tests:"
  for file in "${trx[@]}"; do
    python3 - "$file" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
failures = [r for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns) if r.get("outcome") == "Failed"]
for index, result in enumerate(failures):
    message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
    lines = (message.text or "").strip().splitlines() if message is not None and message.text else [""]
    print(f"  {result.get('testName')}: {lines[0][:300]}")
    if index < 3:
        for line in lines[1:40]:
            print(f"      {line[:300]}")
PY
  done
fi

# A build failure or a crashed test host produces no result for its tests: count it as a failure, never as a pass.
if [ $status -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1
fi

echo "${passed} passed, ${failed} failed"
[ $status -eq 0 ] && [ $failed -eq 0 ]

# One ListQueues call, for the test that checks which protocol the client speaks.
source "$(dirname "$0")/common.sh"

call listQueues list-queues --queue-name-prefix probe
finish

"""One ListQueues call, for the test that checks which protocol the client speaks."""
from sqs_common import Scenario, client

run = Scenario()
run.call("listQueues", client().list_queues, QueueNamePrefix="probe")
run.finish()

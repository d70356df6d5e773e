"""Authentication against a password file (mosquitto_passwd's format): CREDENTIALS is a JSON list of
[user, password] pairs, null for a client that presents no user name. Each connects in turn; the CONNACK reason code
of each is recorded in order (0: accepted), then an accepted client disconnects."""

import json
import os

from mqtt_common import PREFIX, Client, record, run, step

CREDENTIALS = json.loads(os.environ["CREDENTIALS"])


def scenario():
    codes = []
    for index, credentials in enumerate(CREDENTIALS):
        user, password = credentials if credentials is not None else (None, None)
        step(f"connect as {user}")
        client = Client(f"{PREFIX}-{index}", username=user, password=password).connect(expect_success=False)
        codes.append(client.connect_reason)
        if client.connect_reason == 0:
            client.disconnect()
        else:
            client.wait_closed_by_server(f"refused CONNECT of {user}")
    record("codes", codes)


run(scenario)
